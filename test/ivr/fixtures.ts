/**
 * Shared test fixtures: the seed scenario's flow, fake function callers, and a builder for the
 * tiny flows that test one module at a time inside the real engine.
 */
import type {
  FlowDocument,
  FlowDocumentInput,
  FunctionCaller,
  FunctionCallResult,
} from '../../src/ivr/index.js';
import { flowDocumentSchema } from '../../src/ivr/index.js';

export function flow(input: FlowDocumentInput): FlowDocument {
  return flowDocumentSchema.parse(input);
}

/** The seed scenario (SCENARIO.md step 4): welcome, look up the caller's region, route by it. */
export function seedFlow(): FlowDocument {
  const group = (id: string, skillGroupId: string) => ({
    id,
    type: 'transferToSkillGroup',
    config: { skillGroupId, queueTimeoutSec: 60 },
    exits: {},
  });
  return flow({
    name: '号码归属地路由',
    fallbackModuleId: 'human',
    modules: [
      { id: 'start', type: 'start', config: {}, exits: { next: 'welcome' } },
      {
        id: 'welcome',
        type: 'play',
        config: { prompt: { kind: 'tts', text: '欢迎致电,正在为您转接' } },
        exits: { next: 'region' },
      },
      {
        id: 'region',
        type: 'function',
        name: '查询号码归属地',
        config: {
          function: { region: 'cn-hangzhou', service: 'demo-service', function: 'get_number_region' },
          parameters: [{ name: 'phone', value: '${ANI}' }],
          outputVariable: 'region',
          timeoutSec: 3,
        },
        exits: { success: 'route', failure: 'human' },
      },
      {
        id: 'route',
        type: 'condition',
        config: {
          rules: [
            { name: '北京', conditions: [{ variable: 'region', operator: 'contains', value: '北京' }] },
            { name: '河北', conditions: [{ variable: 'region', operator: 'contains', value: '河北' }] },
            { name: '上海', conditions: [{ variable: 'region', operator: 'contains', value: '上海' }] },
          ],
        },
        exits: { 北京: 'bj', 河北: 'hb', 上海: 'sh', default: 'human' },
      },
      group('bj', '北京客服组'),
      group('hb', '河北客服组'),
      group('sh', '上海客服组'),
      group('human', '人工客服组'),
    ],
  });
}

export const SEED_ENTRY = {
  id: 'fe-1',
  region: 'cn-hangzhou',
  service: 'demo-service',
  function: 'get_number_region',
};

/** Numbers the fake region lookup knows (the real function asks a third-party API). */
export const REGIONS: Readonly<Record<string, string>> = {
  '13800138000': '北京北京',
  '13903110000': '河北石家庄',
  '13916000000': '上海上海',
  '13512340000': '广东深圳',
};

type Answer = string | null | { error: string; type?: string } | 'hang' | 'throw';

/** A FunctionCaller whose answer comes from a function of the event; records every call. */
export function fakeFunctions(answer: (event: Readonly<Record<string, string>>) => Answer) {
  const calls: Array<{ event: Readonly<Record<string, string>>; timeoutMs: number }> = [];
  let seq = 0;
  const caller: FunctionCaller = {
    call(_entry, event, options) {
      calls.push({ event, timeoutMs: options.timeoutMs });
      const reply = answer(event);
      const base = { requestId: `req-${++seq}`, durationMs: 12, logTail: 'START\nEND' };
      if (reply === 'hang') {
        return new Promise<FunctionCallResult>((_, reject) =>
          options.signal.addEventListener('abort', () => reject(options.signal.reason), { once: true }),
        );
      }
      if (reply === 'throw') return Promise.reject(new Error('connection refused'));
      if (reply !== null && typeof reply === 'object') {
        return Promise.resolve({
          ...base,
          ok: false,
          value: null,
          error: { type: reply.type ?? 'FunctionError', message: reply.error },
        });
      }
      return Promise.resolve({ ...base, ok: true, value: reply });
    },
  };
  return { caller, calls };
}

/** The seed function: the region of the number in `phone`, or nothing (like the guide's except branch). */
export function regionLookup() {
  return fakeFunctions((event) => REGIONS[event['phone'] ?? ''] ?? null);
}

/**
 * A tiny flow around one module (node-red style): start → the module, and each named exit to a
 * hangup module whose id is `end-<exit>`, so the trace shows which exit was taken.
 */
export function tinyFlow(
  module: { type: string; config: Record<string, unknown>; name?: string },
  exitNames: readonly string[],
  extra: Partial<FlowDocumentInput> = {},
): FlowDocument {
  const exits = Object.fromEntries(exitNames.map((e) => [e, `end-${e}`]));
  return flow({
    name: `tiny ${module.type}`,
    ...extra,
    modules: [
      { id: 'start', type: 'start', config: {}, exits: { next: 'm' } },
      { id: 'm', ...module, exits },
      ...exitNames.map((e) => ({ id: `end-${e}`, type: 'hangup', config: {}, exits: {} })),
      ...(extra.modules ?? []),
    ],
  });
}

/** The hangup module the call ended in, e.g. "end-success" → "success". */
export function exitTaken(outcome: { kind: string; moduleId?: string | undefined }): string | undefined {
  return outcome.kind === 'hangup' && outcome.moduleId?.startsWith('end-')
    ? outcome.moduleId.slice(4)
    : undefined;
}
