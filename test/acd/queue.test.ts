import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHotlineError } from '../../src/shared/errors.js';
import { harness, peek } from './harness.js';

/** A harness with one agent logged in but not ready, so calls wait. */
async function withAbsentAgent() {
  const h = harness();
  await h.acd.login({ agentId: '1001', skills: [{ groupId: 'beijing', level: 5 }], reason: 'meeting' });
  return h;
}

describe('queue outcomes', () => {
  it('times out after the queue timeout', async () => {
    const h = await withAbsentAgent();
    const queued = h.enqueue({ id: 'c1' }, { queueTimeoutMs: 30_000 });
    await h.clock.advance(29_999);
    assert.equal(await peek(queued.result), 'pending');
    await h.clock.advance(1);
    assert.deepEqual(await queued.result, { outcome: 'timeout' });
    assert.equal((await h.acd.groupSnapshot('beijing')).waiting, 0);
    await h.acd.setReady('1001');
    assert.deepEqual(h.offerer.log(), [], 'a timed-out call is never offered');
    assert.equal(h.clock.timerCount, 0);
  });

  it('lets a ringing offer finish when the queue timeout passes', async () => {
    const h = await withAbsentAgent();
    await h.ready('1002', { beijing: 3 });
    const answered = h.enqueue({ id: 'c1' }, { queueTimeoutMs: 10_000 });
    await h.clock.advance(12_000);
    await h.answer('1002');
    assert.deepEqual(await answered.result, {
      outcome: 'answered',
      agentId: '1002',
      queueMs: 12_000,
      attempts: 1,
    });
  });

  it('makes no further offer once the queue timeout has passed', async () => {
    const h = await withAbsentAgent();
    await h.ready('a', { beijing: 3 });
    await h.ready('b', { beijing: 3 });
    const queued = h.enqueue({ id: 'c1' }, { queueTimeoutMs: 10_000 });
    await h.clock.advance(20_000); // a rings out after the deadline
    assert.deepEqual(await queued.result, { outcome: 'timeout' });
    assert.deepEqual(h.offerer.log(), ['c1→a']);
    assert.deepEqual(
      h.agentEvents.filter((e) => e.agentId === 'b').map((e) => e.to),
      ['ready'],
      'b was never paired with the expired call',
    );
    assert.equal((await h.acd.groupSnapshot('beijing')).waiting, 0);
  });

  it('overflows past maxQueueLength', async () => {
    const h = await withAbsentAgent();
    const waiting = [
      h.enqueue({ id: 'c1' }, { maxQueueLength: 2 }),
      h.enqueue({ id: 'c2' }, { maxQueueLength: 2 }),
    ];
    await h.settle();
    const third = h.enqueue({ id: 'c3' }, { maxQueueLength: 2 });
    assert.deepEqual(await third.result, { outcome: 'overflow' });
    assert.equal(await peek(waiting[0]!.result), 'pending');
    assert.equal((await h.acd.groupSnapshot('beijing')).waiting, 2);
  });

  it('offers to a ready agent even with maxQueueLength 0', async () => {
    const h = harness();
    await h.ready('1001', { beijing: 5 });
    h.enqueue({ id: 'c1' }, { maxQueueLength: 0 });
    await h.settle();
    assert.deepEqual(h.offerer.log(), ['c1→1001']);
  });

  it('removes a call whose caller hangs up while queued', async () => {
    const h = await withAbsentAgent();
    const queued = h.enqueue({ id: 'c1' });
    await h.clock.advance(5000);
    queued.hangUp();
    assert.deepEqual(await queued.result, { outcome: 'cancelled' });
    assert.equal((await h.acd.groupSnapshot('beijing')).waiting, 0);
    await h.acd.setReady('1001');
    assert.deepEqual(h.offerer.log(), []);
    assert.equal(h.clock.timerCount, 0, 'the queue timer was cancelled');
  });

  it('answers cancelled at once for a caller already gone', async () => {
    const h = await withAbsentAgent();
    const controller = new AbortController();
    controller.abort();
    const call = { id: 'c1', skillGroupId: 'beijing', priority: 0, ani: '1380' };
    assert.deepEqual(await h.acd.enqueue(call, { queueTimeoutMs: 1000 }, controller.signal), {
      outcome: 'cancelled',
    });
  });

  it('answers noAgents as configured', async () => {
    const h = harness();
    assert.deepEqual(await h.enqueue({ id: 'nobody' }).result, { outcome: 'noAgents' }, 'nobody logged in');
    await h.acd.login({ agentId: '1001', skills: [{ groupId: 'beijing', level: 5 }], reason: 'lunch' });
    const loggedIn = h.enqueue({ id: 'someone' });
    assert.equal(await peek(loggedIn.result), 'pending', 'a notReady agent is logged in');
    const strict = h.enqueue({ id: 'strict' }, { noAgentsWhen: 'noneAvailable' });
    assert.deepEqual(await strict.result, { outcome: 'noAgents' });
    const patient = h.enqueue({ id: 'patient', skillGroupId: 'hebei' }, { noAgentsWhen: 'never' });
    assert.equal(await peek(patient.result), 'pending', 'waits even with nobody in hebei');
  });

  it('refuses unknown groups, duplicate calls and bad options', async () => {
    const h = await withAbsentAgent();
    await assert.rejects(h.enqueue({ id: 'c1', skillGroupId: 'shanghai' }).result, (err) => {
      assert.ok(isHotlineError(err, 'AcdUnknownSkillGroup'));
      assert.equal(err.message, 'skill group shanghai is not configured');
      return true;
    });
    h.enqueue({ id: 'c1' });
    await h.settle();
    await assert.rejects(h.enqueue({ id: 'c1' }).result, (err) => isHotlineError(err, 'AcdDuplicateCall'));
    await assert.rejects(
      h.enqueue({ id: 'c2' }, { queueTimeoutMs: -1 }).result,
      (err) =>
        isHotlineError(err, 'ValidationFailed') &&
        err.message.startsWith('invalid queue options: queueTimeoutMs'),
    );
  });
});
