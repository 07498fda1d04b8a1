/** validateFlow(): every kind of problem, all reported at once with module ids and stable codes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FLOW_PROBLEM_CODES, type FlowProblem, validateFlow } from '../../src/ivr/index.js';
import { flow, SEED_ENTRY } from './fixtures.js';

const tts = (text: string) => ({ kind: 'tts', text });

/** A flow with (nearly) every mistake one can make. */
const kitchenSink = flow({
  name: 'main',
  fallbackModuleId: 'nope',
  variables: [{ name: 'x' }, { name: 'x' }, { name: 'DNIS' }],
  modules: [
    { id: 'start', type: 'start', exits: { next: 'welcome' } },
    {
      id: 'welcome',
      type: 'play',
      config: { prompt: tts('欢迎 ${ANI') },
      exits: { next: 'menu', bogus: 'menu' },
    },
    {
      id: 'menu',
      type: 'menu',
      config: {
        prompt: { kind: 'prompt', promptId: 'missing-prompt' },
        keys: [{ key: '1' }, { key: '1' }, { key: '2' }],
      },
      exits: { '1': 'fn', '2': 'ghost' },
    },
    {
      id: 'fn',
      type: 'function',
      config: {
        function: { region: 'cn-hangzhou', service: 'demo_service', function: 'get_number_region' },
        parameters: [{ name: 'phone', value: '${regoin}' }],
        outputVariable: 'region',
        multiParameter: true,
        mappings: [
          { variable: 'region', key: 'a' },
          { variable: 'title', key: 'title' },
          { variable: 'title', key: 'name' },
        ],
      },
      exits: { success: 'cond' },
    },
    {
      id: 'cond',
      type: 'condition',
      config: {
        rules: [
          { name: 'evil', conditions: [{ variable: 'region', operator: 'matches', value: '(a+)+$' }] },
          { name: 'broken', conditions: [{ variable: 'region', operator: 'matches', value: '[' }] },
          { name: 'ghostVar', conditions: [{ variable: 'nobody', operator: 'isEmpty' }] },
        ],
      },
      exits: { evil: 'set', broken: 'set', ghostVar: 'agent', default: 'vm' },
    },
    {
      id: 'set',
      type: 'setVariable',
      config: {
        assignments: [
          { variable: 'ANI', value: 'x' },
          { variable: 'y', value: '1 +', mode: 'expression' },
        ],
      },
      exits: { next: 'sub' },
    },
    { id: 'sub', type: 'subflow', config: { flowId: 'child' }, exits: { next: 'group' } },
    { id: 'sub2', type: 'subflow', config: { flowId: 'nowhere' }, exits: { next: 'group' } },
    { id: 'group', type: 'transferToSkillGroup', config: { skillGroupId: '北京客服1组' } },
    { id: 'agent', type: 'transferToAgent', config: { agentId: '9999' } },
    { id: 'vm', type: 'voicemail', config: { mailbox: 'nobox' } },
    { id: 'dup', type: 'hangup' },
    { id: 'dup', type: 'hangup' },
    { id: 'fax', type: 'fax' },
    { id: 'bad', type: 'collect', config: { prompt: tts('x'), minDigits: 5, maxDigits: 2 } },
  ],
});

const child = flow({
  name: 'child',
  modules: [
    { id: 's', type: 'start', exits: { next: 'again' } },
    { id: 'again', type: 'subflow', config: { flowId: 'main' }, exits: { next: 'r' } },
    { id: 'r', type: 'return' },
  ],
});

const context = {
  flowId: 'main',
  functionEntries: [SEED_ENTRY],
  skillGroups: ['北京客服组', '河北客服组'],
  agents: ['1001'],
  prompts: ['welcome'],
  mailboxes: ['sales'],
  flows: new Map([['child', child]]),
};

function find(problems: FlowProblem[], code: string, moduleId?: string): FlowProblem | undefined {
  return problems.find((p) => p.code === code && (moduleId === undefined || p.moduleId === moduleId));
}

describe('validateFlow', () => {
  const { ok, problems } = validateFlow(kitchenSink, context);

  it('reports every kind of problem at once', () => {
    assert.equal(ok, false);
    const found = new Set(problems.map((p) => p.code));
    const notHere = ['FLOW_SCHEMA', 'NO_START', 'MULTIPLE_STARTS', 'START_NOT_FOUND'];
    const missing = Object.keys(FLOW_PROBLEM_CODES).filter(
      (code) => !notHere.includes(code) && !found.has(code as never),
    );
    assert.deepEqual(missing, []);
  });

  it('names the module and the config path of each problem', () => {
    assert.deepEqual(find(problems, 'INVALID_TEMPLATE'), {
      code: 'INVALID_TEMPLATE',
      severity: 'error',
      moduleId: 'welcome',
      path: ['config', 'prompt', 'text'],
      message: 'unterminated ${ (missing }) at position 4',
    });
    assert.deepEqual(find(problems, 'INVALID_CONFIG', 'bad')?.path, ['config', 'variable']);
    assert.deepEqual(find(problems, 'EXIT_TARGET_MISSING')?.path, ['exits', '2']);
    assert.deepEqual(find(problems, 'MULTI_PARAMETER_IS_OUTPUT')?.path, [
      'config',
      'mappings',
      0,
      'variable',
    ]);
    assert.deepEqual(find(problems, 'MULTI_PARAMETER_DUPLICATE')?.path, [
      'config',
      'mappings',
      2,
      'variable',
    ]);
    assert.deepEqual(find(problems, 'DUPLICATE_KEY')?.path, ['config', 'keys', 1, 'key']);
  });

  it('gives messages a user can act on', () => {
    assert.equal(
      find(problems, 'FUNCTION_ENTRY_NOT_FOUND')?.message,
      'function cn-hangzhou/demo_service/get_number_region is not an IVR function entry of this instance; did you mean cn-hangzhou/demo-service/get_number_region?',
    );
    assert.match(
      find(problems, 'VARIABLE_NOT_SET', 'fn')?.message ?? '',
      /regoin is never set.*did you mean region\?/,
    );
    assert.match(find(problems, 'SKILL_GROUP_NOT_FOUND')?.message ?? '', /did you mean 北京客服组\?/);
    assert.match(
      find(problems, 'UNKNOWN_MODULE_TYPE')?.message ?? '',
      /"fax" is not installed \(missing: fax; known: start, play/,
    );
    assert.equal(
      find(problems, 'SUBFLOW_CYCLE')?.message,
      'subflows call each other in a cycle: main → child → main',
    );
    assert.match(find(problems, 'INVALID_REGEX', 'cond')?.message ?? '', /exponential/);
    assert.equal(problems.filter((p) => p.code === 'INVALID_REGEX').length, 2);
  });

  it('tells required exits (errors) from optional ones the fallback covers (warnings)', () => {
    assert.equal(find(problems, 'EXIT_NOT_CONNECTED', 'fn')?.severity, 'error');
    assert.deepEqual(find(problems, 'EXIT_NOT_CONNECTED', 'fn')?.path, ['exits', 'failure']);
    assert.equal(
      problems.some((p) => p.moduleId === 'fn' && p.path?.[1] === 'timeout'),
      false,
      'timeout falls back to failure',
    );
    assert.equal(find(problems, 'EXIT_NOT_CONNECTED', 'menu')?.severity, 'warning');
    assert.equal(find(problems, 'UNKNOWN_EXIT', 'welcome')?.severity, 'warning');
  });

  it('lists unreachable modules and system variables written', () => {
    const unreachable = problems.filter((p) => p.code === 'UNREACHABLE_MODULE').map((p) => p.moduleId);
    assert.deepEqual(unreachable.sort(), ['bad', 'dup', 'dup', 'fax', 'sub2']);
    const systemWrites = problems.filter((p) => p.code === 'SYSTEM_VARIABLE_WRITE');
    assert.deepEqual(
      systemWrites.map((p) => p.moduleId ?? p.path?.join('.')),
      ['variables.2.name', 'set'],
    );
  });

  it('finds no start, or too many', () => {
    const none = validateFlow(flow({ name: 'n', modules: [{ id: 'a', type: 'hangup' }] }));
    assert.deepEqual(
      none.problems.map((p) => p.code),
      ['NO_START'],
    );
    const two = validateFlow(
      flow({
        name: 't',
        modules: [
          { id: 'a', type: 'start', exits: { next: 'h' } },
          { id: 'b', type: 'start', exits: { next: 'h' } },
          { id: 'h', type: 'hangup' },
        ],
      }),
    );
    assert.deepEqual(
      two.problems.map((p) => p.code),
      ['MULTIPLE_STARTS'],
    );
    const named = validateFlow(
      flow({
        name: 's',
        startModuleId: 'h',
        modules: [
          { id: 'a', type: 'start', exits: { next: 'h' } },
          { id: 'h', type: 'hangup' },
        ],
      }),
    );
    assert.equal(named.problems[0]?.code, 'START_NOT_FOUND');
  });

  it('counts variables set by a subflow as set in the calling flow', () => {
    const setter = flow({
      name: 'setter',
      modules: [
        { id: 's', type: 'start', exits: { next: 'v' } },
        {
          id: 'v',
          type: 'setVariable',
          config: { assignments: [{ variable: 'vip', value: '1' }] },
          exits: { next: 'r' },
        },
        { id: 'r', type: 'return' },
      ],
    });
    const caller = flow({
      name: 'caller',
      modules: [
        { id: 's', type: 'start', exits: { next: 'sub' } },
        { id: 'sub', type: 'subflow', config: { flowId: 'setter' }, exits: { next: 'c' } },
        {
          id: 'c',
          type: 'condition',
          config: {
            rules: [{ name: 'vip', conditions: [{ variable: 'vip', operator: 'equals', value: '1' }] }],
          },
          exits: { vip: 'h', default: 'h' },
        },
        { id: 'h', type: 'hangup' },
      ],
    });
    const errors = (context: Parameters<typeof validateFlow>[1]) =>
      validateFlow(caller, context).problems.filter((p) => p.severity === 'error');
    assert.deepEqual(errors({ flows: new Map([['setter', setter]]) }), []);
    assert.deepEqual(
      errors({}).map((p) => p.code),
      ['VARIABLE_NOT_SET'],
    );
  });
});
