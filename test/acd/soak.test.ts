import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AgentState, EnqueueResult } from '../../src/acd/index.js';
import { type FakeOffer, harness, type Queued } from './harness.js';

/** mulberry32: a deterministic PRNG so that a failing seed replays. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GROUP_IDS = ['beijing', 'hebei'];
const AGENT_IDS = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'];

/**
 * Random days at the contact center: callers arrive and hang up, agents log in and out, answer
 * or ignore. After every step the ACD's books must balance.
 */
describe('ACD under random traffic', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`keeps its invariants (seed ${seed})`, async () => {
      const h = harness();
      const next = random(seed);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
      const calls: { queued: Queued; result: EnqueueResult | undefined }[] = [];
      const settledOffers = new Set<FakeOffer>();
      for (let step = 0; step < 400; step++) {
        await randomAction(h, next, pick, calls, settledOffers, step);
        await h.settle();
        await checkInvariants(h, settledOffers, `seed ${seed} step ${step}`);
      }
      for (const call of calls) call.queued.hangUp();
      await h.clock.runAll();
      for (const call of calls) assert.ok(call.result, 'every caller got an outcome');
      for (const groupId of GROUP_IDS) {
        const snapshot = await h.acd.groupSnapshot(groupId);
        assert.deepEqual([snapshot.waiting, snapshot.ringing, snapshot.longestWaitMs], [0, 0, 0]);
      }
      assert.deepEqual(h.errors, []);
    });
  }
});

async function randomAction(
  h: ReturnType<typeof harness>,
  next: () => number,
  pick: <T>(items: readonly T[]) => T,
  calls: { queued: Queued; result: EnqueueResult | undefined }[],
  settledOffers: Set<FakeOffer>,
  step: number,
): Promise<void> {
  const roll = next();
  const agentId = pick(AGENT_IDS);
  const agent = await h.acd.agent(agentId);
  const state: AgentState = agent?.state ?? 'offline';
  if (roll < 0.3) {
    const entry: { queued: Queued; result: EnqueueResult | undefined } = {
      queued: h.enqueue(
        { id: `c${step}`, skillGroupId: pick(GROUP_IDS), priority: Math.floor(next() * 3) },
        { queueTimeoutMs: 20_000 + Math.floor(next() * 60_000), maxQueueLength: 8, noAgentsWhen: 'never' },
      ),
      result: undefined,
    };
    entry.queued.result.then((r) => {
      entry.result = r;
    });
    calls.push(entry);
  } else if (roll < 0.4) {
    pick(calls)?.queued.hangUp();
  } else if (roll < 0.6 && state === 'ringing') {
    const offer = h.offerer.to(agentId);
    settledOffers.add(offer);
    offer.settle(pick(['answered', 'answered', 'noAnswer', 'rejected', 'failed'] as const));
  } else if (roll < 0.7 && state === 'busy') {
    await h.acd.callEnded(agentId);
  } else if (roll < 0.8) {
    if (state === 'offline') {
      const skills = GROUP_IDS.filter(() => next() < 0.7).map((groupId) => ({
        groupId,
        level: 1 + Math.floor(next() * 10),
      }));
      await h.acd.login({ agentId, skills, state: next() < 0.7 ? 'ready' : 'notReady' });
    } else if (state === 'notReady' || state === 'afterCallWork') await h.acd.setReady(agentId);
    else if (state === 'ready' || state === 'ringing') await h.acd.setNotReady(agentId, 'random');
  } else if (roll < 0.85 && state !== 'busy' && state !== 'offline') {
    await h.acd.logout(agentId);
  } else {
    await h.clock.advance(Math.floor(next() * 15_000));
  }
}

async function checkInvariants(h: ReturnType<typeof harness>, settledOffers: Set<FakeOffer>, where: string) {
  const agents = await h.acd.agents();
  for (const groupId of GROUP_IDS) {
    const snapshot = await h.acd.groupSnapshot(groupId);
    assert.ok(
      !(snapshot.waiting > 0 && snapshot.agents.ready > 0),
      `${where}: ${groupId} has a call waiting and an agent ready`,
    );
    for (const [state, count] of Object.entries(snapshot.agents)) {
      const members = agents.filter((a) => a.state === state && a.skills.some((s) => s.groupId === groupId));
      assert.equal(count, members.length, `${where}: ${groupId} counts ${state}`);
    }
  }
  for (const agent of agents) {
    if (agent.state !== 'ringing') continue;
    const offer = h.offerer.to(agent.agentId);
    assert.equal(offer.call.id, agent.callId, `${where}: ${agent.agentId} rings for the call offered`);
    assert.ok(
      !offer.signal.aborted && !settledOffers.has(offer),
      `${where}: ${agent.agentId}'s offer is live`,
    );
  }
  assert.deepEqual(h.errors, [], where);
}
