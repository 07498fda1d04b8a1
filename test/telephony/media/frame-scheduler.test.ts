/** The shared frame scheduler in virtual time: absolute 20 ms schedule, catch-up, phase spreading. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Timer } from '../../../src/shared/clock.js';
import { VirtualClock } from '../../../src/shared/virtual-clock.js';
import { FrameScheduler } from '../../../src/telephony/media/frame-scheduler.js';
import { silentMediaLogger } from '../../../src/telephony/media/index.js';

/** A clock whose time jumps when told, without firing timers, as a stalled event loop would see it. */
class StallableClock {
  time = 0;
  private timers: { at: number; fn: () => void }[] = [];
  now = () => this.time;
  monotonic = () => this.time;
  setTimer(ms: number, fn: () => void): Timer {
    const t = { at: this.time + ms, fn };
    this.timers.push(t);
    return {
      cancel: () => {
        this.timers = this.timers.filter((x) => x !== t);
      },
    };
  }
  sleep(): Promise<void> {
    return Promise.reject(new Error('not used'));
  }
  /** Moves time on by ms in 1 ms steps, firing due timers at each step. */
  run(ms: number): void {
    for (let i = 0; i < ms; i++) {
      this.time += 1;
      this.fireDue();
    }
  }
  /** Moves time on by ms at once (a stall), then fires what is due. */
  stall(ms: number): void {
    this.time += ms;
    this.fireDue();
  }
  private fireDue(): void {
    for (const t of this.timers.filter((x) => x.at <= this.time)) {
      this.timers = this.timers.filter((x) => x !== t);
      t.fn();
    }
  }
}

function recorder() {
  const dues: number[] = [];
  return { dues, stream: { onFrame: (due: number) => void dues.push(due) } };
}

describe('frame scheduler', () => {
  test('frames are due every 20 ms exactly, 50 a second', async () => {
    const clock = new VirtualClock();
    const s = new FrameScheduler({ clock, logger: silentMediaLogger });
    const r = recorder();
    s.add(r.stream);
    await clock.advance(1000);
    assert.ok(r.dues.length === 50 || r.dues.length === 51, String(r.dues.length));
    for (let i = 1; i < r.dues.length; i++) assert.equal(r.dues[i]! - r.dues[i - 1]!, 20);
    s.close();
  });

  test('after a stall the missed frames go at once and the schedule does not drift', () => {
    const clock = new StallableClock();
    const s = new FrameScheduler({ clock, logger: silentMediaLogger });
    const r = recorder();
    s.add(r.stream);
    clock.run(100);
    const before = r.dues.length;
    clock.stall(50);
    assert.ok(r.dues.length - before >= 2, 'caught up');
    for (let i = 1; i < r.dues.length; i++) assert.equal(r.dues[i]! - r.dues[i - 1]!, 20);
    assert.ok(s.stats().lateness.maxMs >= 30);
    assert.equal(s.stats().skipped, 0);
    s.close();
  });

  test('beyond maxLag whole periods are skipped, keeping the phase', () => {
    const clock = new StallableClock();
    const s = new FrameScheduler({ clock, logger: silentMediaLogger, maxLagMs: 100 });
    const r = recorder();
    s.add(r.stream);
    clock.run(40);
    clock.stall(1000);
    assert.ok(s.stats().skipped >= 40);
    const phase = r.dues[0]! % 20;
    for (const d of r.dues) assert.equal(d % 20, phase);
    s.close();
  });

  test('streams started together are spread over the phase slots; cancel stops one', async () => {
    const clock = new VirtualClock();
    const s = new FrameScheduler({ clock, logger: silentMediaLogger });
    const streams = Array.from({ length: 40 }, () => recorder());
    const handles = streams.map((r) => s.add(r.stream));
    await clock.advance(20);
    const phases = new Set(streams.map((r) => r.dues[0]! % 20));
    assert.equal(phases.size, 20);
    handles[0]!.cancel();
    handles[0]!.cancel();
    const n = streams[0]!.dues.length;
    await clock.advance(100);
    assert.equal(streams[0]!.dues.length, n);
    assert.equal(s.stats().streams, 39);
    s.close();
    assert.equal(clock.timerCount, 0);
  });

  test('a stream that throws is stopped and the others go on', async () => {
    const clock = new VirtualClock();
    const s = new FrameScheduler({ clock, logger: silentMediaLogger });
    const good = recorder();
    s.add({
      onFrame() {
        throw new Error('boom');
      },
    });
    s.add(good.stream);
    await clock.advance(100);
    assert.equal(s.stats().streams, 1);
    assert.ok(good.dues.length >= 4);
    s.close();
  });
});
