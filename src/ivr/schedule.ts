/**
 * Opening hours: weekly time ranges in a time zone, holidays (closed all day, their own exit) and
 * special days whose hours replace the weekly ones (e.g. a Saturday worked to make up a holiday).
 * A range whose end is not after its start runs past midnight (22:00–06:00).
 */
import { z } from 'zod';
import { isTimeZone, previousDate, previousWeekday, WEEKDAYS, type ZoneTime, zoneTime } from './zone-time.js';

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time is HH:MM (00:00 to 24:00)');
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD')
  .refine(isCalendarDate, 'not a calendar date');

function isCalendarDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

export const timeRangeSchema = z.strictObject({ from: clockTime, to: clockTime });

export const scheduleSchema = z.strictObject({
  timezone: z
    .string()
    .default('Asia/Shanghai')
    .refine(isTimeZone, 'unknown time zone (use an IANA name such as Asia/Shanghai)')
    .describe('IANA time zone of the opening hours'),
  weekly: z
    .array(z.strictObject({ days: z.array(z.enum(WEEKDAYS)).min(1), ...timeRangeSchema.shape }))
    .default([])
    .describe('Opening hours per weekday'),
  holidays: z
    .array(z.strictObject({ date: isoDate, until: isoDate.optional(), name: z.string().max(100).optional() }))
    .default([])
    .describe('Dates (or date ranges, inclusive) that take the holiday exit'),
  specialDays: z
    .array(
      z.strictObject({
        date: isoDate,
        hours: z.array(timeRangeSchema),
        name: z.string().max(100).optional(),
      }),
    )
    .default([])
    .describe('Dates whose hours replace the weekly hours (no hours: closed)'),
});

export type Schedule = z.output<typeof scheduleSchema>;
type TimeRange = z.output<typeof timeRangeSchema>;

export interface ScheduleVerdict {
  state: 'open' | 'closed' | 'holiday';
  local: ZoneTime;
  /** Why: the holiday's name, the special day, or the range that matched. */
  reason: string;
}

export function evaluateSchedule(schedule: Schedule, epochMs: number): ScheduleVerdict {
  const local = zoneTime(epochMs, schedule.timezone);
  const holiday = holidayOn(schedule, local.date);
  if (holiday) return { state: 'holiday', local, reason: `holiday ${holiday.name ?? holiday.date}` };
  const today = hoursOn(schedule, local.date, local.weekday);
  const dayBefore = previousDate(local.date);
  const yesterday = holidayOn(schedule, dayBefore)
    ? []
    : hoursOn(schedule, dayBefore, previousWeekday(local.weekday));
  const open =
    today.find((r) => startsBefore(r, local.minute)) ?? yesterday.find((r) => wrapsPast(r, local.minute));
  return open
    ? { state: 'open', local, reason: `open ${open.from}-${open.to}` }
    : { state: 'closed', local, reason: 'outside opening hours' };
}

function holidayOn(schedule: Schedule, date: string): Schedule['holidays'][number] | undefined {
  return schedule.holidays.find((h) => date >= h.date && date <= (h.until ?? h.date));
}

function hoursOn(schedule: Schedule, date: string, weekday: ZoneTime['weekday']): readonly TimeRange[] {
  const special = schedule.specialDays.find((d) => d.date === date);
  if (special) return special.hours;
  return schedule.weekly.filter((w) => w.days.includes(weekday));
}

function minutes(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** The part of a range that lies on its own day contains the minute. */
function startsBefore(range: TimeRange, minute: number): boolean {
  const from = minutes(range.from);
  const to = minutes(range.to);
  return to > from ? minute >= from && minute < to : minute >= from;
}

/** The range started the day before, ran past midnight, and has not ended yet. */
function wrapsPast(range: TimeRange, minute: number): boolean {
  const from = minutes(range.from);
  const to = minutes(range.to);
  return to <= from && minute < to;
}
