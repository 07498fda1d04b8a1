import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { harness, peek } from './harness.js';

describe('routing a new call', () => {
  it('offers it to the best skill level, then the longest idle', async () => {
    const h = harness();
    await h.ready('novice', { beijing: 3 });
    await h.clock.advance(1000);
    await h.ready('expertLate', { beijing: 9 });
    await h.clock.advance(1000);
    await h.ready('expertLater', { beijing: 9 });
    h.enqueue({ id: 'c1' });
    h.enqueue({ id: 'c2' });
    h.enqueue({ id: 'c3' });
    await h.settle();
    assert.deepEqual(h.offerer.log(), ['c1→expertLate', 'c2→expertLater', 'c3→novice']);
    assert.deepEqual(
      h.offerer.offers.map((o) => o.agent.skillLevel),
      [9, 9, 3],
      'the offerer learns the level',
    );
  });

  it('goes to the agent idle longest among equals, whatever order they logged in', async () => {
    const h = harness();
    await h.ready('a', { beijing: 5 });
    await h.ready('b', { beijing: 5 });
    await h.acd.setNotReady('a', 'coffee');
    await h.clock.advance(5000);
    await h.acd.setReady('a');
    h.enqueue({ id: 'c1' });
    await h.settle();
    assert.deepEqual(h.offerer.log(), ['c1→b'], 'a became ready again later, so b has been idle longer');
  });

  it('waits until an agent becomes ready', async () => {
    const h = harness();
    await h.acd.login({ agentId: '1001', skills: [{ groupId: 'beijing', level: 5 }] });
    const queued = h.enqueue({ id: 'c1' });
    await h.clock.advance(42_000);
    assert.equal(await peek(queued.result), 'pending');
    assert.deepEqual(h.offerer.log(), []);
    await h.acd.setReady('1001');
    assert.deepEqual(h.offerer.log(), ['c1→1001'], 'offered as part of the state change');
    await h.clock.advance(3000);
    await h.answer('1001');
    assert.deepEqual(await queued.result, {
      outcome: 'answered',
      agentId: '1001',
      queueMs: 45_000,
      attempts: 1,
    });
    assert.equal((await h.acd.agent('1001'))?.state, 'busy');
  });
});

describe('picking the next call for a ready agent', () => {
  it('takes the highest priority first, then the longest waiting', async () => {
    const h = harness();
    await h.acd.login({ agentId: '1001', skills: [{ groupId: 'beijing', level: 5 }] });
    for (const [id, priority] of [
      ['low1', 0],
      ['high1', 5],
      ['low2', 0],
      ['high2', 5],
      ['vip', 9],
    ] as const) {
      h.enqueue({ id, priority });
      await h.clock.advance(1000);
    }
    await h.acd.setReady('1001');
    for (let i = 0; i < 4; i++) {
      await h.answer('1001');
      await h.acd.callEnded('1001'); // beijing has no after-call work: ready again at once
    }
    await h.settle();
    assert.deepEqual(
      h.offerer.offers.map((o) => o.call.id),
      ['vip', 'high1', 'high2', 'low1', 'low2'],
    );
  });

  it('chooses across the agent’s groups by priority, then waiting time, then its skill level', async () => {
    const h = harness();
    await h.acd.login({
      agentId: 'both',
      skills: [
        { groupId: 'beijing', level: 4 },
        { groupId: 'hebei', level: 8 },
      ],
    });
    h.enqueue({ id: 'bj-old', skillGroupId: 'beijing' });
    h.enqueue({ id: 'hb-same-ms', skillGroupId: 'hebei' }); // same millisecond as bj-old
    await h.clock.advance(1000);
    h.enqueue({ id: 'hb-urgent', skillGroupId: 'hebei', priority: 3 });
    await h.settle();
    await h.acd.setReady('both');
    const next = async () => {
      await h.answer('both');
      await h.acd.callEnded('both');
      await h.acd.finishAfterCallWork('both'); // both calls before the last are hebei calls, with ACW
      await h.settle();
    };
    await next();
    await next();
    assert.deepEqual(
      h.offerer.offers.map((o) => o.call.id),
      ['hb-urgent', 'hb-same-ms', 'bj-old'],
      'priority wins; at equal wait the group where the agent is level 8 beats level 4',
    );
  });

  it('does not offer a second call to an agent ringing for another group', async () => {
    const h = harness();
    await h.ready('both', { beijing: 5, hebei: 5 });
    h.enqueue({ id: 'bj', skillGroupId: 'beijing' });
    h.enqueue({ id: 'hb', skillGroupId: 'hebei' });
    await h.settle();
    assert.deepEqual(h.offerer.log(), ['bj→both']);
    const hebei = await h.acd.groupSnapshot('hebei');
    assert.deepEqual([hebei.waiting, hebei.agents.ringing, hebei.agents.ready], [1, 1, 0]);
  });
});
