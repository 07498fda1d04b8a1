/** transferToSkillGroup: queues the call for the agents of a skill group. */
import { z } from 'zod';
import { withDeadline } from '../deadline.js';
import { seconds, templateId } from '../fields.js';
import { defineModule, type ExitSpec, type ModuleFacts } from '../module.js';
import { promptFacts, promptSchema, promptSpec } from '../prompt.js';
import { FAILURE_EXIT, idFacts, secondsToMs } from './common.js';
import { type TransferExits, transferResult } from './transfer-outcome.js';

const config = z.strictObject({
  skillGroupId: templateId('Skill group id (or ${variable})'),
  priority: z.number().int().min(0).max(10).default(5).describe('Higher is served first'),
  queueTimeoutSec: seconds(1, 3600, 60).describe('Longest wait in the queue'),
  holdPrompt: promptSchema.optional().describe('Played while waiting (music on hold by default)'),
});

type SkillGroupConfig = z.output<typeof config>;

const exits: ExitSpec[] = [
  {
    name: 'timeout',
    required: false,
    otherwise: 'failure',
    help: { en: 'No agent answered within the queue timeout.', zh: '排队超时无人接听。' },
  },
  {
    name: 'overflow',
    required: false,
    otherwise: 'failure',
    help: { en: 'The queue is full or nobody is logged in.', zh: '队列已满或无坐席在线。' },
  },
  { ...FAILURE_EXIT, help: { en: 'The transfer could not be made.', zh: '转接失败。' } },
];

const EXITS: TransferExits = {
  timeout: 'timeout',
  noAnswer: 'timeout',
  overflow: 'overflow',
  busy: 'overflow',
  failed: 'failure',
};

function inspect(c: SkillGroupConfig): ModuleFacts {
  const id = idFacts('skillGroup', c.skillGroupId, ['skillGroupId']);
  const hold = promptFacts(c.holdPrompt, ['holdPrompt']);
  return {
    templates: [...(id.templates ?? []), ...hold.templates],
    uses: [...(id.uses ?? []), ...hold.uses],
  };
}

export const transferToSkillGroupModule = defineModule({
  type: 'transferToSkillGroup',
  category: 'transfer',
  title: { en: 'Transfer to skill group', zh: '转技能组' },
  help: {
    en:
      'Queues the call for the agents of a skill group. When an agent answers, the call is theirs and the ' +
      'flow ends. Otherwise the call leaves by timeout (nobody answered in time), overflow (queue full, ' +
      'nobody logged in) or failure.',
    zh: '将来电排入技能组队列。坐席接听后通话交给坐席,流程结束;否则走超时(排队超时)、溢出(队列满或无人在线)或失败出口。',
  },
  config,
  exits,
  inspect,
  async run(ctx, c, signal) {
    const skillGroupId = ctx.render(c.skillGroupId);
    if (skillGroupId === '') return { exit: 'failure', detail: { reason: 'the skill group id is empty' } };
    const queueTimeoutMs = secondsToMs(c.queueTimeoutSec);
    const holdPrompt = c.holdPrompt && promptSpec(c.holdPrompt, ctx);
    const request = { skillGroupId, priority: c.priority, queueTimeoutMs, holdPrompt };
    const raced = await withDeadline(ctx.clock, queueTimeoutMs, signal, (s) =>
      ctx.channel.transferToSkillGroup(request, s),
    );
    const detail = { skillGroupId };
    if (raced.timedOut) return { exit: 'timeout', detail };
    return transferResult(
      raced.value,
      EXITS,
      (agent) => ({ kind: 'transferred', target: 'skillGroup', skillGroup: skillGroupId, agent }),
      detail,
    );
  },
});
