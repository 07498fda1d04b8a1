/** hangup: ends the call. */
import { z } from 'zod';
import { defineModule } from '../module.js';

export const hangupModule = defineModule({
  type: 'hangup',
  category: 'flow',
  title: { en: 'Hang up', zh: '挂机' },
  help: { en: 'Ends the call.', zh: '结束通话。' },
  config: z.strictObject({ reason: z.string().max(200).optional().describe('Recorded with the call') }),
  exits: [],
  run: async (ctx, c) => ({
    end: { kind: 'hangup', by: 'flow', moduleId: ctx.moduleId },
    detail: c.reason === undefined ? undefined : { reason: c.reason },
  }),
});
