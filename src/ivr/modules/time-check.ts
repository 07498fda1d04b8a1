/** timeCheck: open, closed or holiday, by weekly hours in a time zone. */
import { defineModule, type ExitSpec } from '../module.js';
import { evaluateSchedule, scheduleSchema } from '../schedule.js';

const exits: ExitSpec[] = [
  { name: 'open', required: true, help: { en: 'Within opening hours.', zh: '在工作时间内。' } },
  { name: 'closed', required: true, help: { en: 'Outside opening hours.', zh: '在工作时间外。' } },
  {
    name: 'holiday',
    required: false,
    otherwise: 'closed',
    help: { en: 'A listed holiday (closed when not connected).', zh: '节假日(未连接时走下班出口)。' },
  },
];

export const timeCheckModule = defineModule({
  type: 'timeCheck',
  category: 'logic',
  title: { en: 'Time check', zh: '时间判断' },
  help: {
    en:
      'Routes by the time of the call in the given time zone: weekly opening hours (a range such as ' +
      '22:00–06:00 runs past midnight), holidays (their own exit), and special days whose hours replace ' +
      'the weekly ones (e.g. a weekend worked to make up for a holiday).',
    zh:
      '按来电时间(指定时区)分支:每周工作时间(如 22:00–06:00 表示跨零点)、节假日(单独出口),' +
      '以及替换当天工作时间的特殊日期(如调休上班)。',
  },
  config: scheduleSchema,
  exits,
  async run(ctx, c) {
    const verdict = evaluateSchedule(c, ctx.clock.now());
    const { local } = verdict;
    const time = `${String(Math.floor(local.minute / 60)).padStart(2, '0')}:${String(local.minute % 60).padStart(2, '0')}`;
    return {
      exit: verdict.state,
      detail: { local: `${local.date} ${local.weekday} ${time}`, reason: verdict.reason },
    };
  },
});
