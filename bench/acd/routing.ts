/**
 * How long one ACD routing decision takes with 10,000 agents and 10,000 waiting calls:
 *   offer on enqueue  — a call arrives, the best ready agent of its group is picked;
 *   pick next call    — an agent becomes ready, the best waiting call of its groups is picked.
 * Measured on the in-memory live state, through the whole ACD (validation, events, offer), and
 * on a naive linear scan in the same run.  Run: node --import tsx bench/acd/routing.ts
 */
import { performance } from 'node:perf_hooks';
import { type AcdCall, createAcd, MemoryLiveState, type SkillGroupConfig } from '../../src/acd/index.js';
import type { Clock } from '../../src/shared/clock.js';
import { NaiveRouting } from './naive-baseline.js';

const AGENTS = 10_000;
const CALLS = 10_000;
const GROUPS = 20;
const DECISIONS = 5_000;
const WARMUP = 1_000;

const random = mulberry32(42);
const groupIds = Array.from({ length: GROUPS }, (_, i) => `g${i}`);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** Each agent is in 1–3 groups at a random level. */
const agentSkills = Array.from({ length: AGENTS }, () => {
  const groups = new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(groupIds)));
  return [...groups].map((groupId) => ({ groupId, level: 1 + Math.floor(random() * 10) }));
});
const callOf = (i: number, groupId = pick(groupIds)): AcdCall => ({
  id: `call${i}`,
  skillGroupId: groupId,
  priority: Math.floor(random() * 3),
  ani: '13800138000',
});

/** Timers never fire in the benchmark; wall time only orders agents and calls. */
const benchClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimer: () => ({ cancel: () => undefined }),
  sleep: () => new Promise(() => undefined),
};

async function liveStateOfferOnEnqueue(): Promise<number[]> {
  const state = new MemoryLiveState();
  for (let i = 0; i < AGENTS; i++) {
    await state.loginAgent({ agentId: `a${i}`, skills: agentSkills[i]!, state: 'ready' }, i);
  }
  // The waiting calls are in groups nobody is ready for (ready agents and waiting calls never meet).
  for (let i = 0; i < CALLS; i++) await state.admitCall(callOf(i, `queue${i % 5}`), { at: i });
  const times: number[] = [];
  for (let d = 0; d < WARMUP + DECISIONS; d++) {
    const start = performance.now();
    const change = await state.admitCall(callOf(CALLS + d), { at: AGENTS + d });
    const took = performance.now() - start;
    if (d >= WARMUP) times.push(took);
    // Put the agent back so that the pool stays at 10,000.
    const offer = change === 'full' ? undefined : change.offers[0];
    if (offer)
      await state.endOffer(offer.call.id, offer.agentId, { agentTo: 'ready', at: AGENTS + d, call: 'drop' });
  }
  return times;
}

async function liveStatePickNextCall(): Promise<number[]> {
  const state = new MemoryLiveState();
  for (let i = 0; i < AGENTS; i++) {
    await state.loginAgent({ agentId: `a${i}`, skills: agentSkills[i]!, state: 'notReady' }, i);
  }
  for (let i = 0; i < CALLS; i++) await state.admitCall(callOf(i), { at: i });
  const times: number[] = [];
  for (let d = 0; d < WARMUP + DECISIONS; d++) {
    const agentId = `a${Math.floor(random() * AGENTS)}`;
    const start = performance.now();
    const change = await state.changeAgentState(agentId, 'ready', { at: CALLS + d });
    const took = performance.now() - start;
    if (d >= WARMUP) times.push(took);
    // The call goes back to its place and the agent away, so that 10,000 calls keep waiting.
    const offer = change?.offers[0];
    if (offer)
      await state.endOffer(offer.call.id, agentId, { agentTo: 'notReady', at: CALLS + d, call: 'requeue' });
    else await state.changeAgentState(agentId, 'notReady', { at: CALLS + d });
  }
  return times;
}

/** Through createAcd: enqueue until the offerer is asked to ring (15,000 → 10,000 ready agents). */
async function acdOfferOnEnqueue(): Promise<number[]> {
  let offeredAt = 0;
  const acd = createAcd({
    clock: benchClock,
    groups: groupConfigs(),
    offerer: {
      offer: () => {
        offeredAt = performance.now();
        return new Promise(() => undefined);
      },
    },
  });
  for (let i = 0; i < AGENTS + DECISIONS; i++) {
    await acd.login({ agentId: `a${i}`, skills: agentSkills[i % AGENTS]!, state: 'ready' });
  }
  const times: number[] = [];
  for (let d = 0; d < DECISIONS; d++) {
    offeredAt = 0;
    const start = performance.now();
    void acd.enqueue(callOf(d), { queueTimeoutMs: 60_000 });
    while (offeredAt === 0) await Promise.resolve();
    times.push(offeredAt - start);
  }
  return times;
}

/** Through createAcd: setReady until the offer of the best call is placed (15,000 → 10,000 waiting). */
async function acdPickNextCall(): Promise<number[]> {
  const acd = createAcd({
    clock: benchClock,
    groups: groupConfigs(),
    offerer: { offer: () => new Promise(() => undefined) }, // agents never pick up
  });
  for (let i = 0; i < AGENTS; i++) await acd.login({ agentId: `a${i}`, skills: agentSkills[i]! });
  for (let i = 0; i < CALLS + DECISIONS; i++) void acd.enqueue(callOf(i), { queueTimeoutMs: 600_000 });
  await new Promise((resolve) => setImmediate(resolve));
  const times: number[] = [];
  for (let d = 0; d < DECISIONS; d++) {
    const start = performance.now();
    await acd.setReady(`a${d}`);
    times.push(performance.now() - start);
  }
  return times;
}

function naiveOfferOnEnqueue(): number[] {
  const naive = new NaiveRouting();
  for (let i = 0; i < AGENTS; i++) {
    const skills = new Map(agentSkills[i]!.map((s) => [s.groupId, s.level]));
    naive.agents.push({ id: `a${i}`, ready: true, skills, skillLevel: 0, idleSince: i, readySeq: i });
  }
  const times: number[] = [];
  for (let d = 0; d < WARMUP + DECISIONS; d++) {
    const groupId = pick(groupIds);
    const start = performance.now();
    const agent = naive.bestAgent(groupId);
    if (agent) agent.ready = false;
    const took = performance.now() - start;
    if (d >= WARMUP) times.push(took);
    if (agent) Object.assign(agent, { ready: true, idleSince: AGENTS + d, readySeq: AGENTS + d });
  }
  return times;
}

function naivePickNextCall(): number[] {
  const naive = new NaiveRouting();
  for (let i = 0; i < AGENTS; i++) {
    const skills = new Map(agentSkills[i]!.map((s) => [s.groupId, s.level]));
    naive.agents.push({ id: `a${i}`, ready: false, skills, skillLevel: 0, idleSince: i, readySeq: i });
  }
  for (let i = 0; i < CALLS; i++) {
    const call = callOf(i);
    naive.calls.push({
      id: call.id,
      groupId: call.skillGroupId,
      priority: call.priority,
      enqueuedAt: i,
      seq: i,
      waiting: true,
    });
  }
  const times: number[] = [];
  for (let d = 0; d < WARMUP + DECISIONS; d++) {
    const agent = naive.agents[Math.floor(random() * AGENTS)]!;
    const start = performance.now();
    const call = naive.bestCall(agent);
    if (call) call.waiting = false;
    const took = performance.now() - start;
    if (d >= WARMUP) times.push(took);
    if (call) call.waiting = true;
  }
  return times;
}

function groupConfigs(): Map<string, SkillGroupConfig> {
  return new Map(groupIds.map((id) => [id, { id, ringTimeoutMs: 20_000, afterCallWorkMs: 0 }]));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function report(name: string, times: number[]): { p50: number; p99: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const [p50, p99, max] = [percentile(sorted, 50), percentile(sorted, 99), sorted.at(-1)!];
  const us = (ms: number) => `${(ms * 1000).toFixed(1).padStart(9)} µs`;
  console.log(`${name.padEnd(47)} p50 ${us(p50)}   p99 ${us(p99)}   max ${us(max)}`);
  return { p50, p99 };
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

console.log(
  `ACD routing: ${AGENTS} agents in ${GROUPS} groups (1–3 each), ${CALLS} waiting calls, ${DECISIONS} decisions each\n`,
);
const heapOffer = report('offer on enqueue   live state (heaps)', await liveStateOfferOnEnqueue());
const naiveOffer = report('offer on enqueue   naive scan', naiveOfferOnEnqueue());
report('offer on enqueue   whole ACD (15k→10k ready)', await acdOfferOnEnqueue());
const heapNext = report('pick next call     live state (heaps)', await liveStatePickNextCall());
const naiveNext = report('pick next call     naive scan', naivePickNextCall());
report('pick next call     whole ACD (15k→10k waiting)', await acdPickNextCall());
console.log(
  `\nspeed-up at p99: offer on enqueue ×${(naiveOffer.p99 / heapOffer.p99).toFixed(0)}, ` +
    `pick next call ×${(naiveNext.p99 / heapNext.p99).toFixed(0)}`,
);
