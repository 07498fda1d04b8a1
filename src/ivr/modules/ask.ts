/**
 * The prompt-and-listen loop shared by collect and menu: play the prompt (digits stop it), collect
 * digits, judge them; on a timeout or a wrong answer play the matching reprompt and ask again,
 * up to `retries` more times.
 */
import type { ModuleContext } from '../module.js';
import type { CollectOptions, CollectResult } from '../ports.js';
import { type PromptConfig, promptSpec } from '../prompt.js';

export type Verdict = 'ok' | 'timeout' | 'invalid';

export interface Question {
  prompt: PromptConfig;
  timeoutPrompt?: PromptConfig | undefined;
  invalidPrompt?: PromptConfig | undefined;
  retries: number;
  collect: CollectOptions;
  judge(result: CollectResult): Verdict;
}

export interface Answer {
  verdict: Verdict;
  digits: string;
  attempts: number;
}

export async function ask(ctx: ModuleContext, question: Question, signal: AbortSignal): Promise<Answer> {
  let last: Answer = { verdict: 'timeout', digits: '', attempts: 0 };
  for (let attempt = 1; attempt <= question.retries + 1; attempt++) {
    const reprompt =
      attempt === 1
        ? undefined
        : last.verdict === 'timeout'
          ? question.timeoutPrompt
          : question.invalidPrompt;
    if (reprompt) await ctx.channel.play(promptSpec(reprompt, ctx), { bargeIn: true }, signal);
    await ctx.channel.play(promptSpec(question.prompt, ctx), { bargeIn: true }, signal);
    const result = await ctx.channel.collectDigits(question.collect, signal);
    last = { verdict: question.judge(result), digits: result.digits, attempts: attempt };
    if (last.verdict === 'ok') return last;
  }
  return last;
}
