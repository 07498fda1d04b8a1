/** voicemail: records a message for a mailbox (or a skill group), then ends the call. */
import { z } from 'zod';
import { withDeadline } from '../deadline.js';
import { seconds, templateId } from '../fields.js';
import { defineModule, type ExitSpec, type ModuleFacts } from '../module.js';
import { promptFacts, promptSchema, promptSpec } from '../prompt.js';
import { FAILURE_EXIT, idFacts, secondsToMs } from './common.js';

const config = z.strictObject({
  prompt: promptSchema.optional().describe('Played before the beep'),
  mailbox: templateId('Mailbox or skill group that receives the message'),
  maxDurationSec: seconds(1, 600, 120),
  beep: z.boolean().default(true),
});

type VoicemailConfig = z.output<typeof config>;

/** Time allowed past maxDuration for the channel to close the recording. */
const CLOSE_GRACE_MS = 10_000;

const exits: ExitSpec[] = [
  {
    name: 'noMessage',
    required: false,
    otherwise: 'failure',
    help: { en: 'The caller left no message.', zh: '来电者未留言。' },
  },
  { ...FAILURE_EXIT, help: { en: 'The message could not be recorded.', zh: '录音失败。' } },
];

function inspect(c: VoicemailConfig): ModuleFacts {
  const box = idFacts('mailbox', c.mailbox, ['mailbox']);
  const prompt = promptFacts(c.prompt, ['prompt']);
  return {
    templates: [...(box.templates ?? []), ...prompt.templates],
    uses: [...(box.uses ?? []), ...prompt.uses],
  };
}

export const voicemailModule = defineModule({
  type: 'voicemail',
  category: 'media',
  title: { en: 'Voicemail', zh: '留言' },
  help: {
    en:
      'Plays an optional prompt, records a message of up to maxDurationSec for a mailbox or skill group, ' +
      'and ends the call. A caller who says nothing leaves by noMessage.',
    zh: '播放可选提示音,为信箱或技能组录制最长 maxDurationSec 秒的留言,然后结束通话。未留言时走未留言出口。',
  },
  config,
  exits,
  inspect,
  async run(ctx, c, signal) {
    const mailbox = ctx.render(c.mailbox);
    if (mailbox === '') return { exit: 'failure', detail: { reason: 'the mailbox is empty' } };
    if (c.prompt) await ctx.channel.play(promptSpec(c.prompt, ctx), { bargeIn: false }, signal);
    const maxDurationMs = secondsToMs(c.maxDurationSec);
    const raced = await withDeadline(ctx.clock, maxDurationMs + CLOSE_GRACE_MS, signal, (s) =>
      ctx.channel.recordVoicemail({ mailbox, maxDurationMs, beep: c.beep }, s),
    );
    if (raced.timedOut) return { exit: 'failure', detail: { mailbox, reason: 'the recording did not end' } };
    const recorded = raced.value;
    if (recorded.kind === 'empty') return { exit: 'noMessage', detail: { mailbox } };
    if (recorded.kind === 'failed') return { exit: 'failure', detail: { mailbox, reason: recorded.reason } };
    const { recordingId, durationMs } = recorded;
    return { end: { kind: 'voicemail', mailbox, recordingId, durationMs }, detail: { mailbox, recordingId } };
  },
});
