/** transferToAgent: rings one agent, given directly or taken from a variable. */
import { z } from 'zod';
import { withDeadline } from '../deadline.js';
import { seconds, templateId } from '../fields.js';
import { defineModule } from '../module.js';
import { idFacts, secondsToMs } from './common.js';
import { RING_EXIT_MAP, RING_EXITS, transferResult } from './transfer-outcome.js';

const config = z.strictObject({
  agentId: templateId('Agent id, or ${variable} holding one'),
  ringTimeoutSec: seconds(1, 300, 20).describe('How long the agent’s phone rings'),
});

export const transferToAgentModule = defineModule({
  type: 'transferToAgent',
  category: 'transfer',
  title: { en: 'Transfer to agent', zh: '转坐席' },
  help: {
    en:
      'Rings one agent (an id, or ${variable} e.g. the agent who served this caller last). When the agent ' +
      'answers the flow ends; otherwise the call leaves by noAnswer, busy or failure.',
    zh: '呼叫指定坐席(坐席 ID 或 ${变量})。坐席接听后流程结束;否则走无人接听、忙线或失败出口。',
  },
  config,
  exits: RING_EXITS,
  inspect: (c) => idFacts('agent', c.agentId, ['agentId']),
  async run(ctx, c, signal) {
    const agentId = ctx.render(c.agentId);
    if (agentId === '') return { exit: 'failure', detail: { reason: 'the agent id is empty' } };
    const ringTimeoutMs = secondsToMs(c.ringTimeoutSec);
    const raced = await withDeadline(ctx.clock, ringTimeoutMs, signal, (s) =>
      ctx.channel.transferToAgent({ agentId, ringTimeoutMs }, s),
    );
    const detail = { agentId };
    if (raced.timedOut) return { exit: 'noAnswer', detail };
    return transferResult(
      raced.value,
      RING_EXIT_MAP,
      () => ({ kind: 'transferred', target: 'agent', agent: agentId }),
      detail,
    );
  },
});
