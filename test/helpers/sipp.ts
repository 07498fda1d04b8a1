import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs one sipp scenario (one call unless `extra` says otherwise) against `target`; never hangs. */
export function runSipp(
  scenario: string,
  target: string,
  extra: string[] = [],
  timeoutSeconds = 35,
): Promise<{ code: number; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-sipp-'));
  const file = join(dir, 'scenario.xml');
  writeFileSync(file, scenario);
  return new Promise((resolve) => {
    execFile(
      'timeout',
      [
        '-k',
        '3',
        String(timeoutSeconds + 5),
        'sipp',
        '-sf',
        file,
        target,
        '-m',
        '1',
        '-i',
        '127.0.0.1',
        '-p',
        '0',
        '-mp',
        '0',
        '-nostdin',
        '-timeout',
        String(timeoutSeconds),
        '-timeout_error',
        ...extra,
      ],
      { cwd: dir },
      (err, stdout, stderr) => {
        rmSync(dir, { recursive: true, force: true });
        resolve({
          code: err ? (typeof err.code === 'number' ? err.code : 1) : 0,
          out: `${stdout}\n${stderr}`,
        });
      },
    );
  });
}
