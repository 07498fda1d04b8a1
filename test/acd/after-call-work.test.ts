import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { harness } from './harness.js';

/** Agent 1001 talking on a hebei call (hebei has 30 s of after-call work). */
async function talking() {
  const h = harness();
  await h.ready('1001', { hebei: 5 });
  const queued = h.enqueue({ id: 'c1', skillGroupId: 'hebei' });
  await h.settle();
  await h.answer('1001');
  assert.equal((await queued.result).outcome, 'answered');
  return h;
}

describe('after-call work', () => {
  it('follows the call for the group’s ACW time, then the agent is ready', async () => {
    const h = await talking();
    assert.equal((await h.acd.callEnded('1001')).state, 'afterCallWork');
    await h.clock.advance(29_999);
    assert.equal((await h.acd.agent('1001'))?.state, 'afterCallWork');
    await h.clock.advance(1);
    const agent = await h.acd.agent('1001');
    assert.deepEqual(
      [agent?.state, agent?.reason, agent?.idleSince],
      ['ready', 'afterCallWorkEnded', h.clock.now()],
    );
  });

  it('ends early on request and its timer no longer fires', async () => {
    const h = await talking();
    await h.acd.callEnded('1001');
    await h.clock.advance(10_000);
    assert.equal((await h.acd.finishAfterCallWork('1001')).state, 'ready');
    await h.acd.setNotReady('1001', 'break');
    await h.clock.advance(60_000);
    assert.equal((await h.acd.agent('1001'))?.state, 'notReady');
    assert.equal(h.clock.timerCount, 0);
  });

  it('can turn into notReady, which the ACW timer then leaves alone', async () => {
    const h = await talking();
    await h.acd.callEnded('1001');
    await h.acd.setNotReady('1001', 'paperwork');
    await h.clock.advance(60_000);
    const agent = await h.acd.agent('1001');
    assert.deepEqual([agent?.state, agent?.reason], ['notReady', 'paperwork']);
  });

  it('is skipped when the group has none, and the agent takes the next waiting call', async () => {
    const h = harness();
    await h.ready('1001', { beijing: 5 });
    h.enqueue({ id: 'c1' });
    const second = h.enqueue({ id: 'c2' });
    await h.settle();
    await h.answer('1001');
    await h.acd.callEnded('1001');
    assert.deepEqual(h.offerer.log(), ['c1→1001', 'c2→1001']);
    assert.deepEqual(
      h.agentEvents.slice(-3).map((e) => `${e.from}→${e.to}`),
      ['busy→afterCallWork', 'afterCallWork→ready', 'ready→ringing'],
    );
    await h.answer('1001');
    assert.equal((await second.result).outcome, 'answered');
  });

  it('hands a waiting call to the agent as soon as ACW ends', async () => {
    const h = await talking();
    await h.acd.callEnded('1001');
    h.enqueue({ id: 'c2', skillGroupId: 'hebei' });
    await h.clock.advance(30_000);
    assert.deepEqual(h.offerer.log(), ['c1→1001', 'c2→1001']);
  });
});
