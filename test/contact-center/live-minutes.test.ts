/** Per-minute counters of the live view, from ACD call events. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallEvent } from '../../src/acd/types.js';
import { MinuteCounters } from '../../src/contact-center/live-minutes.js';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const at = (minute: number, second: number) => T0 + minute * 60_000 + second * 1000;
const ev = (callId: string, when: number, body: Record<string, unknown>): CallEvent =>
  ({ callId, skillGroupId: 'g', at: when, ...body }) as CallEvent;

describe('per-minute counters', () => {
  it('counts arrivals and outcomes in their minutes, and averages the waits that ended there', () => {
    const c = new MinuteCounters();
    c.record(ev('a', at(0, 10), { type: 'queued' }));
    c.record(ev('b', at(0, 20), { type: 'offered', agentId: '1001', attempt: 1 })); // offered at once
    c.record(ev('a', at(0, 40), { type: 'offered', agentId: '1002', attempt: 1 }));
    c.record(ev('a', at(0, 50), { type: 'answered', agentId: '1002' })); // waited 40 s
    c.record(ev('b', at(1, 20), { type: 'abandoned' })); // waited 60 s
    c.record(ev('c', at(1, 30), { type: 'noAgents' })); // arrived and ended at once
    const series = c.series(at(1, 59));
    assert.equal(series.length, 60);
    const [m0, m1] = series.slice(-2);
    assert.deepEqual(m0, {
      minute: new Date(at(0, 0)).toISOString(),
      queued: 2,
      answered: 1,
      abandoned: 0,
      unanswered: 0,
      averageWaitMs: 40_000,
    });
    assert.deepEqual(m1, {
      minute: new Date(at(1, 0)).toISOString(),
      queued: 1,
      answered: 0,
      abandoned: 1,
      unanswered: 1,
      averageWaitMs: 30_000,
    });
    assert.equal(series[0]!.averageWaitMs, null);
  });

  it('keeps only the last 60 minutes', () => {
    const c = new MinuteCounters();
    c.record(ev('a', at(0, 0), { type: 'noAgents' }));
    assert.equal(c.series(at(59, 0))[0]!.unanswered, 1);
    assert.equal(
      c.series(at(60, 0)).reduce((n, m) => n + m.queued, 0),
      0,
    );
  });
});
