/** play: a recorded prompt or TTS text, optionally stopped by a digit. */
import { z } from 'zod';
import { defineModule } from '../module.js';
import { promptFacts, promptSchema, promptSpec } from '../prompt.js';
import { NEXT, NEXT_EXIT } from './common.js';

const config = z.strictObject({
  prompt: promptSchema,
  bargeIn: z.boolean().default(false).describe('A digit stops the prompt (and is kept for the next input)'),
});

export const playModule = defineModule({
  type: 'play',
  category: 'media',
  title: { en: 'Play', zh: '放音' },
  help: {
    en:
      'Plays a recorded prompt or speaks text (TTS; ${variables} are filled in). With barge-in, a digit ' +
      'stops the prompt and is kept as type-ahead for the next collect or menu module.',
    zh: '播放录音或文本转语音(TTS,可引用 ${变量})。开启打断后,按键会停止放音,并保留给后续的收号或菜单模块。',
  },
  config,
  exits: [NEXT_EXIT],
  inspect: (c) => promptFacts(c.prompt, ['prompt']),
  async run(ctx, c, signal) {
    const played = await ctx.channel.play(promptSpec(c.prompt, ctx), { bargeIn: c.bargeIn }, signal);
    return played.interruptedBy === undefined
      ? NEXT
      : { exit: 'next', detail: { interruptedBy: played.interruptedBy } };
  },
});
