/**
 * IVR engine benchmark. Prints:
 *   1. simulated calls per second through the seed flow, end to end (engine, modules, simulated
 *      channel, system clock; prompts of zero length, an instant function, agents answering at once);
 *   2. memory per call with 10,000 calls parked in the flow at once (inside the function module);
 *   3. per-step cost of the engine: p50/p99 of a pure-logic step (setVariable/condition loop) against
 *      a hand-written loop doing the same work and a bare `await` per step, in the same run; and
 *      the engine's own gap between modules in the seed flow (excluding module time, so the function).
 * Run: node --import tsx bench/ivr/engine.ts
 */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { evaluateCondition } from '../../src/ivr/conditions.js';
import {
  compileExpression,
  createIvrEngine,
  evaluateExpression,
  SimulatedChannel,
} from '../../src/ivr/index.js';
import { callScriptSchema } from '../../src/ivr/simulation/script.js';
import { systemClock } from '../../src/shared/clock.js';
import { counterFlow, gatedFunctions, instantFunctions, seedFlow } from './flows.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Callers, parsed once outside the timings; zero-length prompts keep the calls CPU-bound. */
const scripts = Array.from({ length: 20_000 }, (_, i) =>
  callScriptSchema.parse({ ani: `1380013${String(i).padStart(4, '0')}`, ttsMsPerChar: 0 }),
);
const script = (i: number) => scripts[i % scripts.length]!;

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

const us = (ms: number) => `${(ms * 1000).toFixed(2)} µs`;

// ── 1. Throughput ──────────────────────────────────────────────────────────────────────────────
async function throughput(total: number, concurrency: number) {
  const engine = createIvrEngine({ clock: systemClock, functions: instantFunctions });
  const flow = engine.compile(seedFlow(), { id: 'seed' });
  let next = 0;
  let steps = 0;
  const transferred = new Map<string, number>();
  const worker = async () => {
    while (next < total) {
      const channel = new SimulatedChannel(script(next++), systemClock);
      const { outcome, steps: s } = await engine.startCall(flow, channel).result;
      steps += s.length;
      const group =
        outcome.kind === 'transferred' && outcome.target === 'skillGroup' ? outcome.skillGroup : outcome.kind;
      transferred.set(group, (transferred.get(group) ?? 0) + 1);
    }
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return {
    calls: total,
    seconds,
    perSecond: total / seconds,
    stepsPerCall: steps / total,
    cpuPerCallUs: (cpuMs / total) * 1000,
    transferred,
  };
}

// ── 2. Memory with 10,000 calls in the flow ───────────────────────────────────────────────────
async function memory(calls: number) {
  const gate = gatedFunctions();
  const engine = createIvrEngine({ clock: systemClock, functions: gate.caller });
  const flow = engine.compile(seedFlow(60), { id: 'seed' });
  gc();
  const before = process.memoryUsage().heapUsed;
  const sessions = Array.from({ length: calls }, (_, i) =>
    engine.startCall(flow, new SimulatedChannel(script(i), systemClock)),
  );
  // Let every call play its (zero-length) welcome and reach the function module.
  while (sessions.some((s) => s.trace.snapshot().current?.moduleId !== 'region'))
    await new Promise((r) => setTimeout(r, 5));
  gc();
  const during = process.memoryUsage().heapUsed;
  gate.release();
  const outcomes = await Promise.all(sessions.map((s) => s.result));
  return { calls, bytesPerCall: (during - before) / calls, ended: outcomes.length };
}

// ── 3. Step cost ──────────────────────────────────────────────────────────────────────────────
async function engineSteps(rounds: number, repeats: number): Promise<Float64Array> {
  const engine = createIvrEngine({
    clock: systemClock,
    functions: instantFunctions,
    limits: { maxSteps: rounds * 2 + 10 },
  });
  const flow = engine.compile(counterFlow(rounds));
  const samples: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const { steps } = await engine.startCall(flow, new SimulatedChannel(script(r), systemClock)).result;
    for (let i = 2; i < steps.length - 1; i++) samples.push(steps[i + 1]!.atMs - steps[i]!.atMs);
  }
  return Float64Array.from(samples).sort();
}

/** The same work per step by hand: evaluate the expression or the condition, one await a step. */
async function handWrittenSteps(rounds: number, repeats: number): Promise<Float64Array> {
  const increment = compileExpression('${n} + 1');
  const more = { variable: 'n', operator: 'lt', value: String(rounds) } as const;
  const samples = new Float64Array(rounds * 2 * repeats);
  let k = 0;
  for (let r = 0; r < repeats; r++) {
    const vars = new Map([['n', '0']]);
    const scope = { get: (name: string) => vars.get(name) ?? '', render: (t: string) => t };
    let last = performance.now();
    for (;;) {
      await Promise.resolve();
      vars.set('n', evaluateExpression(increment, scope.get));
      let now = performance.now();
      samples[k++] = now - last;
      last = now;
      await Promise.resolve();
      const again = evaluateCondition(more, scope);
      now = performance.now();
      samples[k++] = now - last;
      last = now;
      if (!again) break;
    }
  }
  return samples.subarray(0, k).sort();
}

async function bareAwaits(count: number): Promise<Float64Array> {
  const samples = new Float64Array(count);
  let last = performance.now();
  for (let i = 0; i < count; i++) {
    await Promise.resolve();
    const now = performance.now();
    samples[i] = now - last;
    last = now;
  }
  return samples.sort();
}

/** The engine's gap between one module's end and the next one's start, in the seed flow. */
async function seedGaps(calls: number): Promise<Float64Array> {
  const engine = createIvrEngine({ clock: systemClock, functions: instantFunctions });
  const flow = engine.compile(seedFlow(), { id: 'seed' });
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const { steps } = await engine.startCall(flow, new SimulatedChannel(script(i), systemClock)).result;
    for (let s = 0; s + 1 < steps.length; s++)
      samples.push(steps[s + 1]!.atMs - (steps[s]!.atMs + steps[s]!.durationMs));
  }
  return Float64Array.from(samples).sort();
}

async function main() {
  console.log(`IVR engine benchmark (Node ${process.version})\n`);
  await throughput(2_000, 200); // warm-up
  const one = await throughput(1_000, 1);
  console.log(
    `seed flow end to end, 1 at a time: ${Math.round(one.perSecond).toLocaleString('en')} calls/s ` +
      '(bounded by the two zero-length prompt/queue timers a call: setTimeout(0) waits about 1 ms)',
  );
  for (const concurrency of [100, 1_000, 10_000]) {
    const t = await throughput(40_000, concurrency);
    console.log(
      `seed flow end to end, ${concurrency.toLocaleString('en')} at a time: ${Math.round(t.perSecond).toLocaleString('en')} calls/s ` +
        `(${t.calls} calls in ${t.seconds.toFixed(2)} s, ${t.stepsPerCall} steps a call, ${t.cpuPerCallUs.toFixed(1)} µs CPU a call = ` +
        `${(t.cpuPerCallUs / t.stepsPerCall).toFixed(1)} µs a step with channel, timers and GC)`,
    );
  }

  const m = await memory(10_000);
  console.log(
    `\n${m.calls.toLocaleString('en')} calls parked in the function module: ${(m.bytesPerCall / 1024).toFixed(1)} KiB heap a call (all ${m.ended} ended)`,
  );

  await engineSteps(2_000, 5); // warm-up
  await handWrittenSteps(2_000, 5);
  const engine = await engineSteps(5_000, 20);
  const hand = await handWrittenSteps(5_000, 20);
  const bare = await bareAwaits(200_000);
  const gaps = await seedGaps(5_000);
  const row = (name: string, s: Float64Array) =>
    console.log(
      `  ${name.padEnd(52)} p50 ${us(percentile(s, 0.5)).padStart(10)}   p99 ${us(percentile(s, 0.99)).padStart(10)}   (${s.length.toLocaleString('en')} samples)`,
    );
  console.log('\nper-step time, one call at a time:');
  row('engine, setVariable/condition step (all included)', engine);
  row('baseline: hand-written loop, same work', hand);
  row('baseline: bare await of a resolved promise', bare);
  row('engine gap between modules, seed flow (no module time)', gaps);
  const overhead50 = percentile(engine, 0.5) - percentile(hand, 0.5);
  const overhead99 = percentile(engine, 0.99) - percentile(hand, 0.99);
  console.log(
    `  => engine overhead over the hand-written loop: p50 ${us(overhead50)}, p99 ${us(overhead99)} (goal: p99 < 50 µs)`,
  );
}

await main();
