import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AcdCall, AcdLiveState } from '../../src/acd/index.js';
import { isHotlineError } from '../../src/shared/errors.js';

/**
 * The contract of AcdLiveState, run against every implementation (in-memory now, Redis later):
 * each method is one atomic routing decision.
 */
export function describeLiveState(name: string, create: () => Promise<AcdLiveState> | AcdLiveState): void {
  const call = (id: string, priority = 0, skillGroupId = 'g'): AcdCall => ({
    id,
    skillGroupId,
    priority,
    ani: '1',
  });
  const login = async (state: AcdLiveState, agentId: string, level: number, at: number, groupId = 'g') =>
    state.loginAgent({ agentId, skills: [{ groupId, level }], state: 'ready' }, at);

  describe(`AcdLiveState: ${name}`, () => {
    it('pairs a new call with the best ready agent, in the same step', async () => {
      const state = await create();
      await login(state, 'low', 2, 0);
      await login(state, 'high', 8, 10);
      const change = await state.admitCall(call('c1'), { at: 20 });
      assert.notEqual(change, 'full');
      if (change === 'full') return;
      assert.deepEqual(
        change.offers.map((o) => [o.call.id, o.agentId, o.skillLevel]),
        [['c1', 'high', 8]],
      );
      assert.deepEqual(
        change.events.map((e) => [e.agentId, e.from, e.to, e.callId, e.at]),
        [['high', 'ready', 'ringing', 'c1', 20]],
      );
      assert.equal((await state.getAgent('high'))?.state, 'ringing');
    });

    it('pairs an agent becoming ready with the best waiting call, in the same step', async () => {
      const state = await create();
      await state.loginAgent({ agentId: 'a', skills: [{ groupId: 'g', level: 5 }], state: 'notReady' }, 0);
      await state.admitCall(call('low'), { at: 1 });
      await state.admitCall(call('high', 3), { at: 2 });
      const change = await state.changeAgentState('a', 'ready', { at: 3 });
      assert.deepEqual(
        change?.offers.map((o) => o.call.id),
        ['high'],
      );
      assert.deepEqual(
        change?.events.map((e) => e.to),
        ['ready', 'ringing'],
      );
      assert.equal((await state.groupSnapshot('g', 3)).waiting, 1);
    });

    it('queues when no agent is ready and reports full past the limit', async () => {
      const state = await create();
      assert.deepEqual(await state.admitCall(call('c1'), { at: 0, maxQueueLength: 1 }), {
        events: [],
        offers: [],
      });
      assert.equal(await state.admitCall(call('c2'), { at: 0, maxQueueLength: 1 }), 'full');
      await assert.rejects(state.admitCall(call('c1'), { at: 0 }), (err) =>
        isHotlineError(err, 'AcdDuplicateCall'),
      );
    });

    it('withdraws only waiting calls', async () => {
      const state = await create();
      await state.admitCall(call('waiting'), { at: 0 });
      assert.equal(await state.withdrawCall('waiting'), true);
      assert.equal(await state.withdrawCall('waiting'), false);
      await login(state, 'a', 5, 1);
      await state.admitCall(call('ringing'), { at: 2 });
      assert.equal(await state.withdrawCall('ringing'), false);
    });

    it('requeues an unanswered call at its place, or drops it', async () => {
      const state = await create();
      await login(state, 'a', 5, 0);
      await state.admitCall(call('first'), { at: 1 });
      await state.admitCall(call('second'), { at: 2 });
      const ended = await state.endOffer('first', 'a', {
        agentTo: 'notReady',
        reason: 'noAnswer',
        at: 3,
        call: 'requeue',
      });
      assert.deepEqual(
        ended?.events.map((e) => [e.to, e.reason]),
        [['notReady', 'noAnswer']],
      );
      assert.equal(
        await state.endOffer('first', 'a', { agentTo: 'ready', at: 3, call: 'drop' }),
        undefined,
        'stale',
      );
      const next = await state.changeAgentState('a', 'ready', { at: 4 });
      assert.deepEqual(
        next?.offers.map((o) => o.call.id),
        ['first'],
      );
      await state.endOffer('first', 'a', { agentTo: 'ready', reason: 'callerHungUp', at: 5, call: 'drop' });
      assert.equal((await state.getAgent('a'))?.callId, 'second', 'ready again, it takes the next call');
      assert.equal((await state.groupSnapshot('g', 5)).waiting, 0);
    });

    it('answers and ends a call, and honours ifState', async () => {
      const state = await create();
      await login(state, 'a', 5, 0);
      await state.admitCall(call('c1'), { at: 1 });
      assert.equal(await state.answerOffer('c1', 'other', 2), undefined);
      assert.deepEqual(
        (await state.answerOffer('c1', 'a', 2))?.events.map((e) => e.to),
        ['busy'],
      );
      assert.equal((await state.groupSnapshot('g', 2)).talking, 1);
      const ended = await state.endCall('a', 3);
      assert.deepEqual(ended.call, { id: 'c1', skillGroupId: 'g' });
      assert.equal(await state.changeAgentState('a', 'ready', { at: 4, ifState: 'notReady' }), undefined);
      assert.equal((await state.getAgent('a'))?.state, 'afterCallWork');
    });
  });
}
