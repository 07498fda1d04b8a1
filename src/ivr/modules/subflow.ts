/** subflow: runs another flow, then continues by next when it returns. */
import { z } from 'zod';
import { defineModule, type ExitSpec } from '../module.js';
import { FAILURE_EXIT, NEXT_EXIT } from './common.js';

const config = z.strictObject({ flowId: z.string().min(1).max(100).describe('Id of the flow to run') });

const exits: ExitSpec[] = [
  { ...NEXT_EXIT, help: { en: 'The subflow reached a return module.', zh: '子流程执行到返回模块。' } },
  { ...FAILURE_EXIT, help: { en: 'The subflow could not be loaded.', zh: '子流程无法加载。' } },
];

export const subflowModule = defineModule({
  type: 'subflow',
  category: 'flow',
  title: { en: 'Subflow', zh: '子流程' },
  help: {
    en:
      'Runs another flow with the same call and variables. When that flow reaches a return module the call ' +
      'continues here by next; a hang-up or transfer inside it ends the call as usual.',
    zh: '以同一通话和变量运行另一个流程。子流程执行到返回模块时从这里的下一步继续;子流程中的挂机或转接照常结束通话。',
  },
  config,
  exits,
  inspect: (c) => ({ uses: [{ kind: 'subflow', id: c.flowId, path: ['flowId'] }] }),
  run: async (_ctx, c) => ({ enterFlow: { flowId: c.flowId, exit: 'next', failureExit: 'failure' } }),
});
