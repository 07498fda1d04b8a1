import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { harness } from './harness.js';

describe('events and snapshots', () => {
  it('emits every agent state change with from, to, reason, call and time', async () => {
    const h = harness();
    const t0 = h.clock.now();
    await h.ready('1001', { hebei: 5 });
    h.enqueue({ id: 'c1', skillGroupId: 'hebei' });
    await h.clock.advance(1000);
    await h.answer('1001');
    await h.clock.advance(60_000);
    await h.acd.callEnded('1001');
    await h.acd.finishAfterCallWork('1001');
    await h.acd.setNotReady('1001', 'lunch');
    await h.acd.logout('1001');
    assert.deepEqual(h.agentEvents, [
      { agentId: '1001', from: 'offline', to: 'ready', reason: undefined, callId: undefined, at: t0 },
      { agentId: '1001', from: 'ready', to: 'ringing', reason: undefined, callId: 'c1', at: t0 },
      { agentId: '1001', from: 'ringing', to: 'busy', reason: undefined, callId: 'c1', at: t0 + 1000 },
      {
        agentId: '1001',
        from: 'busy',
        to: 'afterCallWork',
        reason: undefined,
        callId: 'c1',
        at: t0 + 61_000,
      },
      {
        agentId: '1001',
        from: 'afterCallWork',
        to: 'ready',
        reason: 'afterCallWorkFinished',
        callId: undefined,
        at: t0 + 61_000,
      },
      { agentId: '1001', from: 'ready', to: 'notReady', reason: 'lunch', callId: undefined, at: t0 + 61_000 },
      {
        agentId: '1001',
        from: 'notReady',
        to: 'offline',
        reason: undefined,
        callId: undefined,
        at: t0 + 61_000,
      },
    ]);
  });

  it('emits one call event per step and exactly one final event per call', async () => {
    const h = harness();
    await h.ready('a', { beijing: 9 });
    await h.ready('b', { beijing: 5 });
    h.enqueue({ id: 'c1' });
    await h.clock.advance(20_000);
    await h.answer('b');
    h.enqueue({ id: 'c2' });
    h.enqueue({ id: 'c3' }, { maxQueueLength: 1 });
    await h.settle();
    assert.deepEqual(
      h.callEvents.map((e) => `${e.callId} ${e.type}${'agentId' in e ? ` ${e.agentId}` : ''}`),
      ['c1 offered a', 'c1 offerEnded a', 'c1 offered b', 'c1 answered b', 'c2 queued', 'c3 overflow'],
    );
  });

  it('keeps distributing when a listener throws, and reports the error', async () => {
    const h = harness();
    const boom = new Error('live view is down');
    const unsubscribe = h.acd.onAgentStateChange(() => {
      throw boom;
    });
    await h.ready('1001', { beijing: 5 });
    h.enqueue({ id: 'c1' });
    await h.settle();
    assert.deepEqual(h.offerer.log(), ['c1→1001']);
    assert.deepEqual(h.errors, [boom, boom]);
    unsubscribe();
    await h.answer('1001');
    assert.equal(h.errors.length, 2);
  });

  it('counts calls and agents per group for the live view', async () => {
    const h = harness();
    await h.ready('talker', { beijing: 9, hebei: 2 });
    await h.ready('ringer', { beijing: 8 });
    await h.acd.login({ agentId: 'away', skills: [{ groupId: 'beijing', level: 5 }], reason: 'training' });
    await h.acd.login({ agentId: 'gone', skills: [{ groupId: 'beijing', level: 5 }] });
    await h.acd.logout('gone');
    h.enqueue({ id: 'c1' });
    await h.settle();
    await h.answer('talker');
    await h.clock.advance(1000);
    h.enqueue({ id: 'c2' });
    await h.clock.advance(2000);
    h.enqueue({ id: 'c3' });
    await h.clock.advance(4000);
    assert.deepEqual(await h.acd.groupSnapshot('beijing'), {
      groupId: 'beijing',
      waiting: 1,
      ringing: 1,
      talking: 1,
      longestWaitMs: 6000,
      agents: { offline: 1, ready: 0, ringing: 1, busy: 1, afterCallWork: 0, notReady: 1 },
    });
    const hebei = await h.acd.groupSnapshot('hebei');
    assert.deepEqual([hebei.talking, hebei.agents.busy], [0, 1], 'talking counts calls of the group only');
    const agents = await h.acd.agents();
    assert.deepEqual(
      agents.map((a) => `${a.agentId}:${a.state}${a.callId ? `:${a.callId}` : ''}`),
      ['talker:busy:c1', 'ringer:ringing:c2', 'away:notReady', 'gone:offline'],
    );
    assert.deepEqual(agents[0]?.skills, [
      { groupId: 'beijing', level: 9 },
      { groupId: 'hebei', level: 2 },
    ]);
  });
});
