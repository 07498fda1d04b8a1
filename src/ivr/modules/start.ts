/** start: where every call enters the flow. */
import { z } from 'zod';
import { defineModule } from '../module.js';
import { NEXT, NEXT_EXIT } from './common.js';

export const startModule = defineModule({
  type: 'start',
  category: 'flow',
  title: { en: 'Start', zh: '开始' },
  help: {
    en:
      'Every call enters the flow here. The system variables ANI (caller number), DNIS (number dialled), ' +
      'CallId, InstanceId and StartTime always exist. Custom variables are declared in the flow’s variable ' +
      'list (shown on this panel) and start with their initial value.',
    zh:
      '每通来电从这里进入流程。系统参数 ANI(主叫号码)、DNIS(被叫号码)、CallId、InstanceId、StartTime 始终存在;' +
      '自定义参数在流程的参数列表中声明(显示在本面板),以其初始值开始。',
  },
  config: z.strictObject({}),
  exits: [NEXT_EXIT],
  run: async () => NEXT,
});
