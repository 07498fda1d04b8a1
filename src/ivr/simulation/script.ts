/**
 * What a simulated caller does, as data (so test cases can be saved with a flow): who calls,
 * which digits they press and when, when they hang up, how long prompts last.
 */
import { z } from 'zod';

export const answerSchema = z.union([
  z.string().regex(/^[0-9*#]*$/, 'digits, * and # only'),
  z.strictObject({
    digits: z
      .string()
      .regex(/^[0-9*#]*$/)
      .default(''),
    afterMs: z.number().min(0).optional(),
  }),
  z.strictObject({ hangup: z.literal(true), afterMs: z.number().min(0).optional() }),
]);

export const callScriptSchema = z.strictObject({
  ani: z.string().min(1).max(64),
  dnis: z.string().min(1).max(64).default('10000'),
  callId: z.string().max(100).optional(),
  instanceId: z.string().max(100).optional(),
  /** When the call starts (ISO 8601), for flows that check the time; only in virtual time. */
  startAt: z.iso.datetime({ offset: true }).optional(),
  /**
   * "Press when asked": each time the flow waits for digits, the next answer is pressed (after
   * answerDelayMs). "" stays silent (a timeout); {hangup: true} hangs up instead.
   */
  answers: z.array(answerSchema).max(100).default([]),
  answerDelayMs: z.number().min(0).max(60_000).default(500),
  /** Digits pressed at fixed times after the call starts (e.g. to barge in on a prompt). */
  presses: z
    .array(z.strictObject({ atMs: z.number().min(0), digits: z.string().regex(/^[0-9*#]+$/) }))
    .max(100)
    .default([]),
  /** The caller hangs up this long after the call starts. */
  hangupAtMs: z.number().min(0).optional(),
  /** Length of recorded prompts by id (others last defaultPromptMs). */
  promptMs: z.record(z.string(), z.number().min(0)).default({}),
  defaultPromptMs: z.number().min(0).default(3000),
  /** TTS length estimate per character. */
  ttsMsPerChar: z.number().min(0).default(150),
  /** What the caller does at a voicemail beep: speak for durationMs, or say nothing. */
  voicemail: z
    .strictObject({ durationMs: z.number().min(0).default(5000), silent: z.boolean().default(false) })
    .default({ durationMs: 5000, silent: false }),
});

export type CallScript = z.output<typeof callScriptSchema>;
export type CallScriptInput = z.input<typeof callScriptSchema>;
export type Answer = z.output<typeof answerSchema>;
