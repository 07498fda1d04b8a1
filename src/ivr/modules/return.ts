/** return: ends a subflow; the calling flow continues after its subflow module. */
import { z } from 'zod';
import { defineModule, type ModuleResult } from '../module.js';

const RETURN: ModuleResult = Object.freeze({ returnFromFlow: true });

export const returnModule = defineModule({
  type: 'return',
  category: 'flow',
  title: { en: 'Return', zh: '返回' },
  help: {
    en: 'Ends this flow when it runs as a subflow; the calling flow continues after its subflow module.',
    zh: '作为子流程运行时结束本流程,调用方流程从其子流程模块之后继续。',
  },
  config: z.strictObject({}),
  exits: [],
  run: async () => RETURN,
});
