/** collect: reads a number of digits into a variable. */
import { z } from 'zod';
import { retries, seconds, variableNameSchema } from '../fields.js';
import { defineModule, type ExitSpec, type ModuleFacts } from '../module.js';
import type { CollectResult } from '../ports.js';
import { promptFacts, promptSchema } from '../prompt.js';
import { checkUserRegex, matchesUserRegex } from '../user-regex.js';
import { ask, type Verdict } from './ask.js';
import { secondsToMs } from './common.js';

const config = z
  .strictObject({
    prompt: promptSchema,
    variable: variableNameSchema.describe('Variable that receives the digits'),
    minDigits: z.number().int().min(1).max(32).default(1),
    maxDigits: z.number().int().min(1).max(32).default(11),
    terminator: z.enum(['#', '*', '']).default('#').describe('Key that ends input early ("" for none)'),
    timeoutSec: seconds(1, 60, 5).describe('Wait for the first digit'),
    interDigitTimeoutSec: seconds(1, 30, 3).describe('Wait between digits'),
    retries: retries(2),
    pattern: z.string().max(200).optional().describe('Regular expression the digits must match'),
    timeoutPrompt: promptSchema.optional(),
    invalidPrompt: promptSchema.optional(),
  })
  .refine((c) => c.minDigits <= c.maxDigits, {
    message: 'minDigits is more than maxDigits',
    path: ['minDigits'],
  });

type CollectConfig = z.output<typeof config>;

const exits: ExitSpec[] = [
  { name: 'success', required: true, help: { en: 'Valid digits were entered.', zh: '输入了有效的号码。' } },
  {
    name: 'timeout',
    required: false,
    help: { en: 'Nothing was entered, after every retry.', zh: '重试后仍未输入。' },
  },
  {
    name: 'invalid',
    required: false,
    help: {
      en: 'The input was too short, too long or did not match, after every retry.',
      zh: '重试后输入仍无效。',
    },
  },
];

function judge(c: CollectConfig, result: CollectResult): Verdict {
  const { digits } = result;
  if (digits.length === 0) return result.ended === 'timeout' ? 'timeout' : 'invalid';
  if (digits.length < c.minDigits || digits.length > c.maxDigits) return 'invalid';
  if (c.pattern !== undefined && !matchesUserRegex(c.pattern, digits)) return 'invalid';
  return 'ok';
}

function inspect(c: CollectConfig): ModuleFacts {
  const prompts = [promptFacts(c.prompt, ['prompt']), promptFacts(c.timeoutPrompt, ['timeoutPrompt'])];
  prompts.push(promptFacts(c.invalidPrompt, ['invalidPrompt']));
  const regex = c.pattern === undefined ? undefined : checkUserRegex(c.pattern);
  return {
    templates: prompts.flatMap((p) => p.templates),
    uses: prompts.flatMap((p) => p.uses),
    writes: [{ path: ['variable'], name: c.variable }],
    problems:
      regex && !regex.ok
        ? [{ code: 'INVALID_REGEX', path: ['pattern'], message: `pattern: ${regex.reason}` }]
        : [],
  };
}

export const collectModule = defineModule({
  type: 'collect',
  category: 'media',
  title: { en: 'Collect digits', zh: '收号' },
  help: {
    en:
      'Plays a prompt and reads digits (an account number, an id…) into a variable. Input ends at the ' +
      'terminator key, at maxDigits, or when the caller stops typing. A timeout or a wrong length asks again.',
    zh: '播放提示音并把按键号码存入变量。遇到结束键、达到最大位数或停止输入时结束;超时或位数不对会重新询问。',
  },
  config,
  exits,
  inspect,
  async run(ctx, c, signal) {
    const answer = await ask(
      ctx,
      {
        ...c,
        collect: {
          minDigits: c.minDigits,
          maxDigits: c.maxDigits,
          terminator: c.terminator || undefined,
          firstDigitTimeoutMs: secondsToMs(c.timeoutSec),
          interDigitTimeoutMs: secondsToMs(c.interDigitTimeoutSec),
        },
        judge: (result) => judge(c, result),
      },
      signal,
    );
    const detail = { digits: answer.digits, attempts: answer.attempts };
    if (answer.verdict !== 'ok') return { exit: answer.verdict, detail };
    return { exit: 'success', vars: { [c.variable]: answer.digits }, detail };
  },
});
