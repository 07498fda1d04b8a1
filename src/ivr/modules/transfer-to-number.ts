/** transferToNumber: calls an external number and bridges the caller to it. */
import { z } from 'zod';
import { withDeadline } from '../deadline.js';
import { seconds, templateId, templateText } from '../fields.js';
import { defineModule, type Fact } from '../module.js';
import { secondsToMs } from './common.js';
import { RING_EXIT_MAP, RING_EXITS, transferResult } from './transfer-outcome.js';

const DIALLABLE = /^\+?[0-9*#]{1,32}$/;

const config = z.strictObject({
  number: templateId('Number to call (digits, may start with +), or ${variable}'),
  callerId: templateText(64).optional().describe('Number shown to the called party'),
  ringTimeoutSec: seconds(1, 300, 30),
});

export const transferToNumberModule = defineModule({
  type: 'transferToNumber',
  category: 'transfer',
  title: { en: 'Transfer to number', zh: '转外线' },
  help: {
    en:
      'Calls an external number (a template such as 010${ext}) and bridges the caller to it; the flow ends ' +
      'when it answers. Otherwise the call leaves by noAnswer, busy or failure (also for a number that is ' +
      'not diallable after the variables are filled in).',
    zh: '呼叫外部号码(可用模板,如 010${ext})并与来电桥接,接通后流程结束;否则走无人接听、忙线或失败出口(号码无效也走失败)。',
  },
  config,
  exits: RING_EXITS,
  inspect(c) {
    const templates: Fact<'templates'>[] = [{ path: ['number'], text: c.number }];
    if (c.callerId !== undefined) templates.push({ path: ['callerId'], text: c.callerId });
    return { templates };
  },
  async run(ctx, c, signal) {
    const number = ctx.render(c.number).replace(/[\s-]/g, '');
    if (!DIALLABLE.test(number))
      return { exit: 'failure', detail: { number, reason: 'not a diallable number' } };
    const callerId = c.callerId === undefined ? undefined : ctx.render(c.callerId);
    const ringTimeoutMs = secondsToMs(c.ringTimeoutSec);
    const raced = await withDeadline(ctx.clock, ringTimeoutMs, signal, (s) =>
      ctx.channel.transferToNumber({ number, callerId, ringTimeoutMs }, s),
    );
    const detail = { number };
    if (raced.timedOut) return { exit: 'noAnswer', detail };
    return transferResult(
      raced.value,
      RING_EXIT_MAP,
      () => ({ kind: 'transferred', target: 'number', number }),
      detail,
    );
  },
});
