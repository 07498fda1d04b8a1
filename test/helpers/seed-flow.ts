/**
 * The seed scenario's flow (step 4): welcome → get_number_region with phone=${ANI} → condition on
 * region → 北京客服组 / 河北客服组 / 上海客服组; failure (and no match) → a human (人工客服组).
 */
export function seedFlow(entryId: string, { lookupTimeoutSec = 3 }: { lookupTimeoutSec?: number } = {}) {
  return {
    name: 'seed',
    description: '按号码归属地分配技能组',
    variables: [{ name: 'region' }],
    modules: [
      { id: 'start', type: 'start', exits: { next: 'welcome' } },
      {
        id: 'welcome',
        type: 'play',
        config: { prompt: { kind: 'tts', text: '欢迎致电，正在为您转接', language: 'zh-CN' } },
        exits: { next: 'lookup' },
      },
      {
        id: 'lookup',
        type: 'function',
        name: '号码归属地',
        config: {
          function: { entryId },
          parameters: [{ name: 'phone', value: '${ANI}' }],
          outputVariable: 'region',
          // 3 s as in the demo's flow: a sandbox's first start on a busy machine can take a second or two.
          timeoutSec: lookupTimeoutSec,
        },
        exits: { success: 'route', failure: 'human' },
      },
      {
        id: 'route',
        type: 'condition',
        config: {
          rules: [
            { name: 'beijing', conditions: [{ variable: 'region', operator: 'contains', value: '北京' }] },
            { name: 'hebei', conditions: [{ variable: 'region', operator: 'contains', value: '河北' }] },
            { name: 'shanghai', conditions: [{ variable: 'region', operator: 'contains', value: '上海' }] },
          ],
        },
        exits: { beijing: 'to-beijing', hebei: 'to-hebei', shanghai: 'to-shanghai', default: 'human' },
      },
      {
        id: 'to-beijing',
        type: 'transferToSkillGroup',
        config: { skillGroupId: '北京客服组', queueTimeoutSec: 60 },
        exits: { failure: 'human' },
      },
      {
        id: 'to-hebei',
        type: 'transferToSkillGroup',
        config: { skillGroupId: '河北客服组', queueTimeoutSec: 60 },
        exits: { failure: 'human' },
      },
      {
        id: 'to-shanghai',
        type: 'transferToSkillGroup',
        config: { skillGroupId: '上海客服组', queueTimeoutSec: 60 },
        exits: { failure: 'human' },
      },
      {
        id: 'human',
        type: 'transferToSkillGroup',
        config: { skillGroupId: '人工客服组', queueTimeoutSec: 120 },
        exits: { failure: 'bye' },
      },
      { id: 'bye', type: 'hangup' },
    ],
  };
}

export const seedGroups = ['北京客服组', '河北客服组', '上海客服组', '人工客服组'];

export const seedAgents = [
  { loginName: '1001', extension: '1001', skills: [{ skillGroup: '北京客服组', level: 8 }] },
  { loginName: '1002', extension: '1002', skills: [{ skillGroup: '河北客服组', level: 8 }] },
  { loginName: '1003', extension: '1003', skills: [{ skillGroup: '上海客服组', level: 8 }] },
  { loginName: '1000', extension: '1000', skills: [{ skillGroup: '人工客服组', level: 5 }] },
];
