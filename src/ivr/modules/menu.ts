/** menu: one exit per key. */
import { z } from 'zod';
import { retries, seconds, variableNameSchema } from '../fields.js';
import { defineModule, type ExitSpec, type Fact, type ModuleFacts } from '../module.js';
import { promptFacts, promptSchema } from '../prompt.js';
import { ask } from './ask.js';
import { secondsToMs } from './common.js';

const MENU_KEYS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#'] as const;

const config = z.strictObject({
  prompt: promptSchema,
  keys: z
    .array(z.strictObject({ key: z.enum(MENU_KEYS), label: z.string().max(100).optional() }))
    .min(1)
    .max(12)
    .describe('Each key is an exit of the module'),
  timeoutSec: seconds(1, 60, 5).describe('Wait for a key after the prompt'),
  retries: retries(2),
  variable: variableNameSchema.optional().describe('Variable that receives the key pressed'),
  timeoutPrompt: promptSchema.optional(),
  invalidPrompt: promptSchema.optional(),
});

type MenuConfig = z.output<typeof config>;

const fixedExits: ExitSpec[] = [
  {
    name: 'timeout',
    required: false,
    help: { en: 'No key was pressed, after every retry.', zh: '重试后仍未按键。' },
  },
  {
    name: 'invalid',
    required: false,
    help: { en: 'A key not in the menu, after every retry.', zh: '重试后按键仍无效。' },
  },
];

function inspect(c: MenuConfig): ModuleFacts {
  const prompts = [promptFacts(c.prompt, ['prompt']), promptFacts(c.timeoutPrompt, ['timeoutPrompt'])];
  prompts.push(promptFacts(c.invalidPrompt, ['invalidPrompt']));
  const seen = new Set<string>();
  const problems: Fact<'problems'>[] = [];
  c.keys.forEach((k, i) => {
    if (seen.has(k.key))
      problems.push({
        code: 'DUPLICATE_KEY',
        path: ['keys', i, 'key'],
        message: `key ${k.key} is listed twice`,
      });
    seen.add(k.key);
  });
  return {
    templates: prompts.flatMap((p) => p.templates),
    uses: prompts.flatMap((p) => p.uses),
    writes: c.variable === undefined ? [] : [{ path: ['variable'], name: c.variable }],
    problems,
  };
}

export const menuModule = defineModule({
  type: 'menu',
  category: 'media',
  title: { en: 'Menu', zh: '按键菜单' },
  help: {
    en:
      'Plays a prompt and waits for one key; each key listed is an exit. A timeout or a key not listed ' +
      'asks again, then leaves by timeout or invalid.',
    zh: '播放提示音并等待一个按键,每个按键对应一个出口。超时或无效按键会重新询问,之后走超时或无效出口。',
  },
  config,
  exits: {
    perItem: { list: 'keys', name: 'key', label: 'label', required: true },
    followedBy: fixedExits,
    help: { en: 'One exit per key, then timeout and invalid.', zh: '每个按键一个出口,另有超时和无效出口。' },
  },
  inspect,
  async run(ctx, c, signal) {
    const wait = secondsToMs(c.timeoutSec);
    const answer = await ask(
      ctx,
      {
        ...c,
        collect: { minDigits: 1, maxDigits: 1, firstDigitTimeoutMs: wait, interDigitTimeoutMs: wait },
        judge: (r) =>
          r.digits === '' ? 'timeout' : c.keys.some((k) => k.key === r.digits) ? 'ok' : 'invalid',
      },
      signal,
    );
    const detail = { key: answer.digits, attempts: answer.attempts };
    if (answer.verdict !== 'ok') return { exit: answer.verdict, detail };
    return {
      exit: answer.digits,
      vars: c.variable === undefined ? undefined : { [c.variable]: answer.digits },
      detail,
    };
  },
});
