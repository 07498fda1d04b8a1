import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { harness, peek } from './harness.js';

describe('offering a call to an agent', () => {
  it('on ring timeout sets the agent notReady and offers the call to the next agent', async () => {
    const h = harness();
    await h.ready('first', { beijing: 9 });
    await h.ready('second', { beijing: 5 });
    const queued = h.enqueue({ id: 'c1' });
    await h.settle();
    const firstOffer = h.offerer.to('first');
    await h.clock.advance(19_999);
    assert.equal(firstOffer.signal.aborted, false);
    assert.deepEqual(h.offerer.log(), ['c1→first']);
    await h.clock.advance(1);
    assert.equal(firstOffer.signal.aborted, true, 'the first phone stops ringing');
    const first = await h.acd.agent('first');
    assert.deepEqual([first?.state, first?.reason], ['notReady', 'noAnswer']);
    assert.deepEqual(h.offerer.log(), ['c1→first', 'c1→second']);
    await h.answer('second');
    assert.deepEqual(await queued.result, {
      outcome: 'answered',
      agentId: 'second',
      queueMs: 20_000,
      attempts: 2,
    });
  });

  it('treats noAnswer, rejected and failed from the offerer alike, with their reasons', async () => {
    for (const [outcome, reason] of [
      ['noAnswer', 'noAnswer'],
      ['rejected', 'rejected'],
      ['failed', 'offerFailed'],
    ] as const) {
      const h = harness();
      await h.ready('first', { beijing: 9 });
      await h.ready('second', { beijing: 5 });
      h.enqueue({ id: 'c1' });
      await h.settle();
      h.offerer.to('first').settle(outcome);
      await h.settle();
      const first = await h.acd.agent('first');
      assert.deepEqual([first?.state, first?.reason], ['notReady', reason], outcome);
      assert.deepEqual(h.offerer.log(), ['c1→first', 'c1→second'], outcome);
    }
  });

  it('counts a throwing offerer as failed and reports the error', async () => {
    const h = harness();
    await h.ready('1001', { beijing: 5 });
    h.offerer.failWith = new Error('agent phone not registered');
    const queued = h.enqueue({ id: 'c1' }, { queueTimeoutMs: 60_000 });
    await h.settle();
    assert.equal((await h.acd.agent('1001'))?.reason, 'offerFailed');
    assert.deepEqual(h.errors, [h.offerer.failWith]);
    await h.clock.advance(60_000);
    assert.deepEqual(await queued.result, { outcome: 'timeout' });
  });

  it('puts an unanswered call back at its place in the queue', async () => {
    const h = harness();
    await h.ready('1001', { beijing: 5 });
    h.enqueue({ id: 'first' });
    await h.clock.advance(1000);
    h.enqueue({ id: 'second' });
    await h.clock.advance(19_000); // first rings out
    await h.acd.login({ agentId: '1002', skills: [{ groupId: 'beijing', level: 1 }], state: 'ready' });
    assert.deepEqual(h.offerer.log(), ['first→1001', 'first→1002'], 'first keeps its place ahead of second');
  });

  it('cancels cleanly when the caller hangs up while ringing', async () => {
    const h = harness();
    await h.ready('1001', { beijing: 5 });
    const idleSince = (await h.acd.agent('1001'))?.idleSince;
    await h.clock.advance(5000);
    const queued = h.enqueue({ id: 'c1' });
    h.enqueue({ id: 'c2', skillGroupId: 'hebei' }); // waits: 1001 is not in hebei
    await h.settle();
    queued.hangUp();
    assert.deepEqual(await queued.result, { outcome: 'cancelled' });
    assert.equal(h.offerer.to('1001').signal.aborted, true);
    const agent = await h.acd.agent('1001');
    assert.deepEqual([agent?.state, agent?.reason], ['ready', 'callerHungUp']);
    assert.equal(agent?.idleSince, idleSince, 'keeps its place among idle agents');
    await h.clock.advance(20_000);
    assert.equal((await h.acd.agent('1001'))?.state, 'ready', 'the ring timer was cancelled');
    assert.deepEqual(await h.acd.groupSnapshot('beijing'), {
      groupId: 'beijing',
      waiting: 0,
      ringing: 0,
      talking: 0,
      longestWaitMs: 0,
      agents: { offline: 0, ready: 1, ringing: 0, busy: 0, afterCallWork: 0, notReady: 0 },
    });
  });

  it('gives a ready-again agent the next waiting call after a hang-up', async () => {
    const h = harness();
    await h.ready('1001', { beijing: 5 });
    const c1 = h.enqueue({ id: 'c1' });
    const c2 = h.enqueue({ id: 'c2' });
    await h.settle();
    c1.hangUp();
    await h.settle();
    assert.deepEqual(h.offerer.log(), ['c1→1001', 'c2→1001']);
    await h.answer('1001');
    assert.equal((await c2.result).outcome, 'answered');
  });

  it('leaves the agent ready when the ringing and the next caller hang up at the same instant', async () => {
    const h = harness();
    await h.ready('1001', { beijing: 5 });
    const c1 = h.enqueue({ id: 'c1' });
    const c2 = h.enqueue({ id: 'c2' });
    await h.settle();
    c1.hangUp(); // frees 1001, who is paired with c2 in the same step…
    c2.hangUp(); // …before c2's hang-up is seen
    await h.settle();
    assert.deepEqual([(await c1.result).outcome, (await c2.result).outcome], ['cancelled', 'cancelled']);
    assert.deepEqual(h.offerer.log(), ['c1→1001'], 'c2 was never rung');
    assert.equal((await h.acd.agent('1001'))?.state, 'ready');
    assert.deepEqual(
      h.agentEvents.slice(-3).map((e) => `${e.from}→${e.to} ${e.callId}`),
      ['ringing→ready c1', 'ready→ringing c2', 'ringing→ready c2'],
    );
    assert.deepEqual(h.errors, []);
  });

  it('moves the call on when the ringing agent logs out or goes not ready', async () => {
    const h = harness();
    await h.ready('a', { beijing: 9 });
    await h.ready('b', { beijing: 8 });
    await h.ready('c', { beijing: 7 });
    const queued = h.enqueue({ id: 'c1' });
    await h.settle();
    assert.equal((await h.acd.logout('a')).state, 'offline');
    const declined = await h.acd.setNotReady('b', 'busy with a customer email');
    assert.deepEqual([declined.state, declined.reason], ['notReady', 'busy with a customer email']);
    assert.deepEqual(h.offerer.log(), ['c1→a', 'c1→b', 'c1→c']);
    assert.ok(h.offerer.to('a').signal.aborted && h.offerer.to('b').signal.aborted);
    assert.equal(await peek(queued.result), 'pending');
    await h.answer('c');
    assert.deepEqual(await queued.result, { outcome: 'answered', agentId: 'c', queueMs: 0, attempts: 3 });
    assert.deepEqual(h.errors, []);
  });

  it('ignores an answer that comes after the ring timeout', async () => {
    const h = harness();
    await h.ready('slow', { beijing: 9 });
    const queued = h.enqueue({ id: 'c1' }, { queueTimeoutMs: 30_000 });
    await h.clock.advance(20_000);
    h.offerer.to('slow').settle('answered'); // too late: the offer was aborted
    await h.settle();
    assert.equal((await h.acd.agent('slow'))?.state, 'notReady');
    await h.clock.advance(10_000);
    assert.deepEqual(await queued.result, { outcome: 'timeout' });
  });
});
