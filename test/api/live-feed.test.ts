/** The live feed's pacing in virtual time: at once, coalesced bursts, refreshes, no overlap. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startLiveFeed } from '../../src/api/live-feed.js';
import { VirtualClock } from '../../src/shared/virtual-clock.js';

function setup(refreshMs = 10_000, snapshotMs = 0) {
  const clock = new VirtualClock();
  const sent: number[] = [];
  let taking = 0;
  let overlapped = false;
  const feed = startLiveFeed<number>({
    clock,
    minIntervalMs: 250,
    refreshAfterMs: () => refreshMs,
    snapshot: async () => {
      taking++;
      if (taking > 1) overlapped = true;
      if (snapshotMs > 0) await clock.sleep(snapshotMs);
      taking--;
      return clock.monotonic();
    },
    send: (t) => sent.push(t),
    fail: (err) => assert.fail(String(err)),
  });
  return { clock, feed, sent, overlapped: () => overlapped };
}

describe('live feed', () => {
  it('sends at once, then one snapshot per burst, at least 250 ms apart', async () => {
    const { clock, feed, sent } = setup();
    await clock.advance(0);
    assert.deepEqual(sent, [0]);
    await clock.advance(100);
    for (let i = 0; i < 50; i++) feed.changed();
    await clock.advance(1000);
    assert.deepEqual(sent, [0, 250]);
    await clock.advance(1000);
    feed.changed();
    await clock.advance(0);
    assert.deepEqual(sent, [0, 250, 2100], 'a change long after the last snapshot is sent at once');
    feed.close();
  });

  it('refreshes without a change, and stops when closed', async () => {
    const { clock, feed, sent } = setup(1000);
    await clock.advance(3500);
    assert.deepEqual(sent, [0, 1000, 2000, 3000]);
    feed.close();
    await clock.advance(5000);
    assert.equal(sent.length, 4);
  });

  it('never takes two snapshots at once; a change while one is taken brings one more', async () => {
    const { clock, feed, sent, overlapped } = setup(10_000, 400);
    await clock.advance(100);
    feed.changed();
    feed.changed();
    await clock.advance(2000);
    assert.equal(overlapped(), false);
    // Snapshots start at 0 and at 650: 250 ms after the first was sent (at 400), so two snapshots'
    // time stamps are never closer than that, however long reading one took.
    assert.deepEqual(sent, [400, 1050]);
    feed.close();
  });
});
