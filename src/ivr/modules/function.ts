/**
 * function: calls one of the instance's function entries with an event built from name/value
 * parameters (values are templates such as ${ANI}), stores the answer in variables, and leaves
 * by success, failure or timeout. The caller never waits longer than timeoutSec.
 */
import { z } from 'zod';
import { withDeadline } from '../deadline.js';
import { errorText } from '../error-text.js';
import { seconds, templateText, variableNameSchema } from '../fields.js';
import {
  defineModule,
  type ExitSpec,
  type Fact,
  type FunctionStepDetail,
  type ModuleFacts,
} from '../module.js';
import type { FunctionEntryRef } from '../ports.js';
import { secondsToMs } from './common.js';
import { extractVariables } from './function-result.js';

const entryRefSchema = z
  .strictObject({
    entryId: z.string().min(1).max(100).optional().describe('Id of an IVR function entry of the instance'),
    region: z.string().min(1).max(64).optional(),
    service: z.string().min(1).max(128).optional(),
    function: z.string().min(1).max(128).optional(),
  })
  .refine((r) => r.entryId !== undefined || (r.service !== undefined && r.function !== undefined), {
    message: 'give entryId, or service and function (and region)',
  });

const config = z.strictObject({
  function: entryRefSchema,
  parameters: z
    .array(z.strictObject({ name: z.string().min(1).max(64), value: templateText(1000) }))
    .max(50)
    .default([])
    .describe('The event sent to the function: a JSON object of these names and values'),
  outputVariable: variableNameSchema.optional().describe('Variable that receives the return value'),
  multiParameter: z.boolean().default(false).describe('Map keys of a returned JSON object to variables'),
  mappings: z
    .array(z.strictObject({ variable: variableNameSchema, key: z.string().min(1).max(200) }))
    .max(50)
    .default([]),
  timeoutSec: seconds(0.1, 60, 5).describe('Longest wait for the answer'),
});

type FunctionConfig = z.output<typeof config>;

const exits: ExitSpec[] = [
  { name: 'success', required: true, help: { en: 'The function answered.', zh: '函数调用成功。' } },
  {
    name: 'failure',
    required: true,
    help: {
      en: 'The function failed, returned nothing usable, or (when timeout is not connected) timed out.',
      zh: '函数出错、返回值不可用,或(超时出口未连接时)超时。',
    },
  },
  {
    name: 'timeout',
    required: false,
    otherwise: 'failure',
    help: { en: 'No answer within timeoutSec.', zh: '超过超时时间仍未返回。' },
  },
];

export function entryLabel(ref: FunctionEntryRef): string {
  return ref.entryId !== undefined
    ? `entry:${ref.entryId}`
    : `${ref.region ?? '-'}/${ref.service}/${ref.function}`;
}

function inspect(c: FunctionConfig): ModuleFacts {
  const problems: Fact<'problems'>[] = [];
  const names = new Set<string>();
  c.parameters.forEach((p, i) => {
    if (names.has(p.name)) {
      problems.push({
        code: 'DUPLICATE_KEY',
        path: ['parameters', i, 'name'],
        message: `parameter ${p.name} is listed twice`,
      });
    }
    names.add(p.name);
  });
  const mappings = c.multiParameter ? c.mappings : [];
  const mapped = new Set<string>();
  mappings.forEach((m, i) => {
    const path = ['mappings', i, 'variable'];
    if (mapped.has(m.variable)) {
      problems.push({
        code: 'MULTI_PARAMETER_DUPLICATE',
        path,
        message: `variable ${m.variable} is mapped twice`,
      });
    }
    if (m.variable === c.outputVariable) {
      problems.push({
        code: 'MULTI_PARAMETER_IS_OUTPUT',
        path,
        message: `variable ${m.variable} is also the output variable`,
      });
    }
    mapped.add(m.variable);
  });
  const writes = mappings.map((m, i) => ({ path: ['mappings', i, 'variable'], name: m.variable }));
  if (c.outputVariable !== undefined) writes.unshift({ path: ['outputVariable'], name: c.outputVariable });
  return {
    templates: c.parameters.map((p, i) => ({ path: ['parameters', i, 'value'], text: p.value })),
    writes,
    uses: [{ kind: 'functionEntry', ref: c.function, path: ['function'] }],
    problems,
  };
}

export const functionModule = defineModule({
  type: 'function',
  category: 'integration',
  title: { en: 'Function', zh: '函数' },
  help: {
    en:
      'Calls one of the instance’s registered functions. The event is a JSON object of the parameters ' +
      '(values may use ${ANI} and other variables). The return value goes to the output variable; in ' +
      'multi-parameter mode each mapped variable receives one key of a returned JSON object. A function ' +
      'that fails, returns nothing or does not answer in time takes the failure (or timeout) exit, so ' +
      'connect it to a human: a broken third-party service must never drop the call.',
    zh:
      '调用实例中登记的函数。入参以 JSON 对象发送(参数值可引用 ${ANI} 等变量),返回值存入出参变量;' +
      '开启多参数后,每个自定义变量对应返回 JSON 对象的一个 key。函数出错、无返回值或超时会走失败(或超时)出口,' +
      '建议连接转人工模块,避免第三方服务故障导致通话中断。',
  },
  config,
  exits,
  inspect,
  async run(ctx, c, signal) {
    // fromEntries defines own properties, so even a parameter named __proto__ stays data.
    const event = Object.fromEntries(c.parameters.map((p) => [p.name, ctx.render(p.value)]));
    const base: FunctionStepDetail = { entry: entryLabel(c.function), event };
    const timeoutMs = secondsToMs(c.timeoutSec);
    let outcome: Awaited<ReturnType<typeof ctx.functions.call>>;
    try {
      const raced = await withDeadline(ctx.clock, timeoutMs, signal, (s) =>
        ctx.functions.call(c.function, event, { timeoutMs, signal: s }),
      );
      if (raced.timedOut) {
        const error = { type: 'Timeout', message: `no answer within ${timeoutMs} ms` };
        return { exit: 'timeout', detail: { function: { ...base, error } } };
      }
      outcome = raced.value;
    } catch (err) {
      if (signal.aborted) throw err;
      return {
        exit: 'failure',
        detail: { function: { ...base, error: { type: 'CallError', message: errorText(err) } } },
      };
    }
    const detail: FunctionStepDetail = {
      ...base,
      requestId: outcome.requestId,
      durationMs: outcome.durationMs,
      result: outcome.value,
      error: outcome.error,
      logTail: outcome.logTail,
    };
    if (!outcome.ok)
      return {
        exit: outcome.error?.type === 'Timeout' ? 'timeout' : 'failure',
        detail: { function: detail },
      };
    const mappings = c.multiParameter ? c.mappings : undefined;
    const wantsValue = c.outputVariable !== undefined || (mappings?.length ?? 0) > 0;
    if (wantsValue && (outcome.value === null || outcome.value === '')) {
      const error = { type: 'NoValue', message: 'the function returned nothing' };
      return { exit: 'failure', detail: { function: { ...detail, error } } };
    }
    const extracted = extractVariables(outcome.value ?? '', c.outputVariable, mappings);
    if (!extracted.ok) {
      return {
        exit: 'failure',
        detail: { function: { ...detail, error: { type: 'BadValue', message: extracted.reason } } },
      };
    }
    const missing = extracted.missingKeys.length > 0 ? { missingKeys: extracted.missingKeys } : undefined;
    return { exit: 'success', vars: extracted.vars, detail: { function: detail, ...missing } };
  },
});
