/** Opening hours across time zones, midnight, daylight saving, holidays and special days. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateSchedule, scheduleSchema } from '../../src/ivr/schedule.js';
import { exitTaken, tinyFlow } from './fixtures.js';
import { runCall } from './run-call.js';

const workdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

function state(schedule: unknown, isoInstant: string): string {
  return evaluateSchedule(scheduleSchema.parse(schedule), Date.parse(isoInstant)).state;
}

describe('timeCheck module', () => {
  const office = {
    timezone: 'Asia/Shanghai',
    weekly: [{ days: workdays, from: '09:00', to: '18:00' }],
    holidays: [{ date: '2026-10-01', until: '2026-10-07', name: '国庆节' }],
    specialDays: [{ date: '2026-10-10', hours: [{ from: '09:00', to: '12:00' }], name: '调休' }],
  };

  it('routes a call by the local time of the schedule’s zone', async () => {
    const f = tinyFlow({ type: 'timeCheck', config: office }, ['open', 'closed', 'holiday']);
    // 2026-01-05 09:00 UTC is Monday 17:00 in Shanghai: open.
    const open = await runCall(f, { ani: '1' }, { at: Date.parse('2026-01-05T09:00:00Z') });
    assert.equal(exitTaken(open.outcome), 'open');
    assert.deepEqual(open.trace.steps[1]?.detail, {
      local: '2026-01-05 mon 17:00',
      reason: 'open 09:00-18:00',
    });
    // 10:30 UTC is 18:30 in Shanghai: closed.
    const closed = await runCall(f, { ani: '1' }, { at: Date.parse('2026-01-05T10:30:00Z') });
    assert.equal(exitTaken(closed.outcome), 'closed');
  });

  it('takes holiday on a listed date range, or closed when holiday is not connected', async () => {
    const at = Date.parse('2026-10-02T03:00:00Z');
    const withHoliday = tinyFlow({ type: 'timeCheck', config: office }, ['open', 'closed', 'holiday']);
    assert.equal(exitTaken((await runCall(withHoliday, { ani: '1' }, { at })).outcome), 'holiday');
    const without = tinyFlow({ type: 'timeCheck', config: office }, ['open', 'closed']);
    assert.equal(exitTaken((await runCall(without, { ani: '1' }, { at })).outcome), 'closed');
  });

  it('uses a special day’s hours instead of the weekly ones (a Saturday worked)', () => {
    assert.equal(state(office, '2026-10-10T02:00:00Z'), 'open'); // Saturday 10:00 in Shanghai
    assert.equal(state(office, '2026-10-10T05:00:00Z'), 'closed'); // Saturday 13:00
    assert.equal(state(office, '2026-10-17T02:00:00Z'), 'closed'); // an ordinary Saturday
  });

  it('judges the same instant by each zone’s own clock', () => {
    const instant = '2026-01-05T15:00:00Z'; // 23:00 in Shanghai, 10:00 in New York
    const nineToSix = (timezone: string) => ({
      timezone,
      weekly: [{ days: workdays, from: '09:00', to: '18:00' }],
    });
    assert.equal(state(nineToSix('Asia/Shanghai'), instant), 'closed');
    assert.equal(state(nineToSix('America/New_York'), instant), 'open');
    assert.equal(state(nineToSix('Europe/London'), instant), 'open');
  });

  it('follows daylight saving time', () => {
    const nineToSix = {
      timezone: 'America/New_York',
      weekly: [{ days: workdays, from: '09:00', to: '18:00' }],
    };
    // 13:30 UTC is 08:30 EST in January (closed) but 09:30 EDT in July (open).
    assert.equal(state(nineToSix, '2026-01-07T13:30:00Z'), 'closed');
    assert.equal(state(nineToSix, '2026-07-08T13:30:00Z'), 'open');
  });

  it('runs a range past midnight into the next day', () => {
    const night = { timezone: 'Asia/Shanghai', weekly: [{ days: ['fri'], from: '22:00', to: '06:00' }] };
    assert.equal(state(night, '2026-01-09T15:00:00Z'), 'open'); // Friday 23:00
    assert.equal(state(night, '2026-01-09T20:00:00Z'), 'open'); // Saturday 04:00
    assert.equal(state(night, '2026-01-09T23:00:00Z'), 'closed'); // Saturday 07:00
    assert.equal(state(night, '2026-01-08T20:00:00Z'), 'closed'); // Friday 04:00: Thursday has no hours
  });

  it('refuses an unknown time zone and malformed times', () => {
    assert.equal(scheduleSchema.safeParse({ timezone: 'Mars/Olympus' }).success, false);
    assert.equal(
      scheduleSchema.safeParse({ weekly: [{ days: ['mon'], from: '9:00', to: '18:00' }] }).success,
      false,
    );
    assert.equal(scheduleSchema.safeParse({ holidays: [{ date: '2026-02-30' }] }).success, false);
  });
});
