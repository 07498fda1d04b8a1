/**
 * How soon a waiting call is offered to an agent who becomes free, inside the ACD, on the real
 * clock (setTimeout timers, as in production): the time from the agent becoming free to the
 * offerer being asked to ring the agent's phone (what agent-legs.ts then turns into an INVITE;
 * bench/telephony/offer-latency.ts measures that end to end). The goal: within 100 ms.
 *
 *   setReady           an agent presses ready (notReady → ready), one at a time;
 *   ACW ends, spread   agents cycle answer → talk (random) → after-call work → ready → next call;
 *                      the ACW timer's end to the offer;
 *   ACW ends, burst    every agent's ACW ends in the same millisecond: the last offer of the burst;
 *   setReady, burst    every agent pressing ready in the same tick.
 * Calls are always waiting (twice as many as agents). Baseline in the same run: bare timers of the
 * same length and pattern, whose lateness is the floor every timer-driven offer sits on.
 *
 *   node --import tsx bench/acd/offer-latency.ts [agents, default 1000] [cycles, default 5000]
 */
import { performance } from 'node:perf_hooks';
import { type AcdCall, createAcd } from '../../src/acd/index.js';
import { type Clock, systemClock } from '../../src/shared/clock.js';

const AGENTS = Number(process.argv[2] ?? 1000);
const CYCLES = Number(process.argv[3] ?? 5000);
const ACW_MS = 300;
const GROUP = 'support';

/**
 * The system clock, noting the due time of each after-call-work timer as it fires: the offer it
 * leads to is placed in the microtasks that follow, before any other timer's callback runs.
 */
let acwDue = Number.NaN;
const clock: Clock = {
  ...systemClock,
  setTimer(ms, fn) {
    if (ms !== ACW_MS) return systemClock.setTimer(ms, fn);
    const due = performance.now() + ms;
    return systemClock.setTimer(ms, () => {
      acwDue = due;
      fn();
    });
  },
};

interface Harness {
  acd: ReturnType<typeof createAcd>;
  /** Latencies (ms) from the instant each agent became free to its next offer. */
  latencies: number[];
  /** The instant the agent counts as free from, by agent id; 'acw': when its ACW timer was due. */
  freeAt: Map<string, number | 'acw'>;
  answered: number;
}

/** An ACD with `agents` logged in not ready and 2 × agents calls waiting, refilled as they are answered. */
async function harness(agents: number, afterAnswer: (h: Harness, agentId: string) => void): Promise<Harness> {
  let next = 0;
  const h: Harness = {
    acd: createAcd({
      clock,
      groups: new Map([[GROUP, { id: GROUP, ringTimeoutMs: 60_000, afterCallWorkMs: ACW_MS }]]),
      offerer: {
        offer: async (_call, agent) => {
          const now = performance.now();
          const free = h.freeAt.get(agent.id);
          if (free !== undefined) h.latencies.push(now - (free === 'acw' ? acwDue : free));
          h.freeAt.delete(agent.id);
          return 'answered'; // the phone answers at once: the agent is busy
        },
      },
      onError: (err, context) => console.error(context, err),
    }),
    latencies: [],
    freeAt: new Map(),
    answered: 0,
  };
  const enqueue = () => {
    const call: AcdCall = { id: `c${next++}`, skillGroupId: GROUP, priority: 0, ani: '13800138000' };
    void h.acd.enqueue(call, { queueTimeoutMs: 3_600_000 }).then((r) => {
      if (r.outcome !== 'answered') return;
      h.answered++;
      enqueue(); // keep the queue as long
      afterAnswer(h, r.agentId);
    });
  };
  for (let i = 0; i < agents; i++)
    await h.acd.login({ agentId: `a${i}`, skills: [{ groupId: GROUP, level: 5 }], state: 'notReady' });
  for (let i = 0; i < 2 * agents; i++) enqueue();
  await new Promise((r) => setImmediate(r));
  return h;
}

/** Agents press ready one after the other (each waits for the previous offer); talk never ends. */
async function setReadyOneByOne(): Promise<number[]> {
  const h = await harness(AGENTS, () => undefined);
  for (let i = 0; i < AGENTS; i++) {
    const id = `a${i}`;
    h.freeAt.set(id, performance.now());
    await h.acd.setReady(id);
    while (h.freeAt.has(id)) await new Promise((r) => setImmediate(r));
  }
  return h.latencies;
}

/** Every agent presses ready in the same tick. */
async function setReadyBurst(): Promise<number[]> {
  const h = await harness(AGENTS, () => undefined);
  const now = performance.now();
  for (let i = 0; i < AGENTS; i++) h.freeAt.set(`a${i}`, now);
  await Promise.all(Array.from({ length: AGENTS }, (_, i) => h.acd.setReady(`a${i}`)));
  await until(() => h.latencies.length >= AGENTS);
  return h.latencies;
}

/** Agents talk 0–1 s (random), then after-call work; measured from the ACW timer's due time. */
async function acwSpread(): Promise<number[]> {
  const h = await harness(AGENTS, (h, agentId) => {
    if (h.answered > CYCLES + AGENTS) return; // enough: this agent stays busy
    setTimeout(() => {
      h.freeAt.set(agentId, 'acw');
      h.acd.callEnded(agentId).catch((err: unknown) => console.error(err));
    }, Math.random() * 1000);
  });
  await Promise.all(Array.from({ length: AGENTS }, (_, i) => h.acd.setReady(`a${i}`)));
  await until(() => h.latencies.length >= CYCLES);
  return h.latencies;
}

/** Every agent ends a call in the same tick; their ACW timers end together. */
async function acwBurst(): Promise<number[]> {
  const h = await harness(AGENTS, () => undefined);
  await Promise.all(Array.from({ length: AGENTS }, (_, i) => h.acd.setReady(`a${i}`)));
  await until(() => h.answered >= AGENTS);
  for (let i = 0; i < AGENTS; i++) h.freeAt.set(`a${i}`, 'acw');
  await Promise.all(Array.from({ length: AGENTS }, (_, i) => h.acd.callEnded(`a${i}`)));
  await until(() => h.latencies.length >= AGENTS);
  return h.latencies;
}

/** Baseline: `count` bare timers of ACW_MS started together (or spread over 1 s), their lateness. */
async function bareTimers(count: number, spreadMs: number): Promise<number[]> {
  const late: number[] = [];
  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<void>((resolve) => {
          const delay = ACW_MS + Math.random() * spreadMs;
          const due = performance.now() + delay;
          setTimeout(() => {
            late.push(performance.now() - due);
            resolve();
          }, delay);
        }),
    ),
  );
  return late;
}

async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setTimeout(r, 5));
}

function report(name: string, times: number[]): void {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  const ms = (v: number) => `${v.toFixed(2).padStart(8)} ms`;
  const within = sorted.filter((t) => t <= 100).length / Math.max(1, sorted.length);
  console.log(
    `${name.padEnd(44)} n ${String(sorted.length).padStart(5)}  p50 ${ms(at(50))}  p99 ${ms(at(99))}  ` +
      `max ${ms(sorted.at(-1) ?? 0)}  ≤100 ms ${(within * 100).toFixed(1)}%`,
  );
}

console.log(
  `ACD offer latency on the real clock: ${AGENTS} agents in one group, ${2 * AGENTS} calls waiting, ` +
    `ACW ${ACW_MS} ms; agent free → offerer asked to ring\n`,
);
report('setReady → offer, one at a time', await setReadyOneByOne());
report('setReady → offer, all in one tick', await setReadyBurst());
report(`ACW end → offer, spread (${CYCLES} cycles)`, await acwSpread());
report('  baseline: bare timers, spread', await bareTimers(CYCLES, 1000));
report('ACW end → offer, all ending together', await acwBurst());
report('  baseline: bare timers, all together', await bareTimers(AGENTS, 0));
process.exit(0); // the waiting calls' queue timers
