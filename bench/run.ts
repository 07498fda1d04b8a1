/**
 * `npm run bench -- <name> [arguments]` runs one benchmark (built, from dist/bench), e.g.
 * `npm run bench -- telephony/calls 300,400,500 10`. Without a name it lists them with what each
 * measures. Benchmarks load the machine: run one at a time, never beside the tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
/** Helpers that are not benchmarks themselves (peers, sinks, shared code). */
const helpers = new Set([
  'run',
  'acd/naive-baseline',
  'ivr/flows',
  'telephony/agent-phones',
  'telephony/bridged-peers',
  'telephony/harness',
  'telephony/histogram',
  'telephony/media/rtp-sink',
  'telephony/media/rtp-sink-client',
]);

function benchmarks(dir = here): string[] {
  return readdirSync(dir)
    .flatMap((f) => {
      const path = join(dir, f);
      if (statSync(path).isDirectory()) return benchmarks(path);
      return f.endsWith('.js') ? [relative(here, path).replace(/\.js$/, '')] : [];
    })
    .filter((name) => !helpers.has(name))
    .sort();
}

/** The first sentence of the benchmark's opening comment (from its source when present), cut short. */
function summary(name: string): string {
  const source = join(here, '..', '..', 'bench', `${name}.ts`);
  const text = existsSync(source) ? readFileSync(source, 'utf8') : '';
  const comment = /\/\*\*([\s\S]*?)\*\//.exec(text)?.[1] ?? '';
  const prose = comment
    .replace(/^\s*\* ?/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
  const first = prose.split(/(?<=\.)\s/)[0] ?? '';
  return first.length > 120 ? `${first.slice(0, 119)}…` : first;
}

const [name, ...args] = process.argv.slice(2);
if (!name) {
  console.log('npm run bench -- <name> [arguments]   (arguments: see the top of bench/<name>.ts)\n');
  for (const b of benchmarks()) console.log(`  ${b.padEnd(34)} ${summary(b)}`);
  process.exit(0);
}
if (!benchmarks().includes(name)) {
  console.error(`no benchmark '${name}': run 'npm run bench' for the list`);
  process.exit(2);
}
const run = spawnSync(process.execPath, [join(here, `${name}.js`), ...args], { stdio: 'inherit' });
process.exit(run.status ?? 1);
