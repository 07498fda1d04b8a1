/** The flows and instant dependencies the IVR benchmark runs. */
import { type FlowDocument, type FunctionCaller, flowDocumentSchema } from '../../src/ivr/index.js';

/** The seed scenario's flow (SCENARIO.md step 4). */
export function seedFlow(functionTimeoutSec = 3): FlowDocument {
  const group = (id: string, skillGroupId: string) => ({
    id,
    type: 'transferToSkillGroup',
    config: { skillGroupId },
  });
  return flowDocumentSchema.parse({
    name: 'seed',
    fallbackModuleId: 'human',
    modules: [
      { id: 'start', type: 'start', exits: { next: 'welcome' } },
      {
        id: 'welcome',
        type: 'play',
        config: { prompt: { kind: 'tts', text: '欢迎致电' } },
        exits: { next: 'region' },
      },
      {
        id: 'region',
        type: 'function',
        config: {
          function: { entryId: 'get_number_region' },
          parameters: [{ name: 'phone', value: '${ANI}' }],
          outputVariable: 'region',
          timeoutSec: functionTimeoutSec,
        },
        exits: { success: 'route', failure: 'human' },
      },
      {
        id: 'route',
        type: 'condition',
        config: {
          rules: ['北京', '河北', '上海'].map((name) => ({
            name,
            conditions: [{ variable: 'region', operator: 'contains', value: name }],
          })),
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

/** A loop of pure logic steps: n = n + 1 until it reaches `rounds` (2 steps a round). */
export function counterFlow(rounds: number): FlowDocument {
  return flowDocumentSchema.parse({
    name: 'counter',
    variables: [{ name: 'n', initial: '0' }],
    modules: [
      { id: 'start', type: 'start', exits: { next: 'inc' } },
      {
        id: 'inc',
        type: 'setVariable',
        config: { assignments: [{ variable: 'n', value: '${n} + 1', mode: 'expression' }] },
        exits: { next: 'check' },
      },
      {
        id: 'check',
        type: 'condition',
        config: {
          rules: [{ name: 'more', conditions: [{ variable: 'n', operator: 'lt', value: String(rounds) }] }],
        },
        exits: { more: 'inc', default: 'bye' },
      },
      { id: 'bye', type: 'hangup' },
    ],
  });
}

const REGIONS = ['北京北京', '河北石家庄', '上海上海', '广东深圳'];

/** Answers at once (a resolved promise), as if the function took no time. */
export const instantFunctions: FunctionCaller = {
  call: (_entry, event) =>
    Promise.resolve({
      ok: true,
      value: REGIONS[Number((event['phone'] ?? '0').slice(-1)) % REGIONS.length]!,
      requestId: 'r',
      durationMs: 0,
    }),
};

/** Holds every call until release() (to park many calls inside the function module). */
export function gatedFunctions(): { caller: FunctionCaller; release(): void } {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    caller: {
      call: (entry, event, options) => gate.then(() => instantFunctions.call(entry, event, options)),
    },
    release: () => open(),
  };
}
