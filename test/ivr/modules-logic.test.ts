/** condition and setVariable, each inside a tiny flow run by the real engine. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exitTaken, tinyFlow } from './fixtures.js';
import { runCall } from './run-call.js';

function conditionFlow(conditions: unknown[], value: string, match: 'all' | 'any' = 'all') {
  return tinyFlow(
    { type: 'condition', config: { rules: [{ name: 'yes', match, conditions }] } },
    ['yes', 'default'],
    {
      variables: [
        { name: 'x', initial: value },
        { name: 'limit', initial: '10' },
      ],
    },
  );
}

async function holds(condition: Record<string, unknown>, value: string): Promise<boolean> {
  const result = await runCall(conditionFlow([{ variable: 'x', ...condition }], value), { ani: '1' });
  return exitTaken(result.outcome) === 'yes';
}

describe('condition module', () => {
  const cases: Array<[Record<string, unknown>, string, boolean]> = [
    [{ operator: 'equals', value: '北京北京' }, '北京北京', true],
    [{ operator: 'equals', value: '北京' }, '北京北京', false],
    [{ operator: 'equals', value: 'abc', ignoreCase: true }, 'ABC', true],
    [{ operator: 'notEquals', value: 'a' }, 'b', true],
    [{ operator: 'contains', value: '河北' }, '河北石家庄', true],
    [{ operator: 'notContains', value: '河北' }, '河北石家庄', false],
    [{ operator: 'startsWith', value: '上海' }, '上海上海', true],
    [{ operator: 'endsWith', value: '深圳' }, '广东深圳', true],
    [{ operator: 'matches', value: '^1[3-9]\\d{9}$' }, '13800138000', true],
    [{ operator: 'matches', value: '^1[3-9]\\d{9}$' }, '0101234567', false],
    [{ operator: 'matches', value: '^vip', ignoreCase: true }, 'VIP-1', true],
    [{ operator: 'gt', value: '${limit}' }, '11', true],
    [{ operator: 'gt', value: '${limit}' }, '9', false],
    [{ operator: 'gte', value: '10' }, '10.0', true],
    [{ operator: 'lt', value: '10' }, '-3', true],
    [{ operator: 'lte', value: '10' }, 'abc', false],
    [{ operator: 'numEquals', value: '10' }, '010', true],
    [{ operator: 'isEmpty' }, '', true],
    [{ operator: 'isEmpty' }, ' ', false],
    [{ operator: 'isNotEmpty' }, 'x', true],
    [{ operator: 'in', values: ['a', 'b', '${limit}'] }, '10', true],
    [{ operator: 'in', values: ['a', 'b'] }, 'c', false],
    [{ operator: 'notIn', values: ['a', 'b'] }, 'c', true],
    [{ operator: 'in', values: ['VIP'], ignoreCase: true }, 'vip', true],
  ];
  for (const [condition, value, expected] of cases) {
    it(`${condition['operator']} ${JSON.stringify(condition['value'] ?? condition['values'] ?? '')} on "${value}" is ${expected}`, async () => {
      assert.equal(await holds(condition, value), expected);
    });
  }

  it('needs all conditions of a rule, or any of them', async () => {
    const conditions = [
      { variable: 'x', operator: 'contains', value: '北京' },
      { variable: 'limit', operator: 'gt', value: '100' },
    ];
    const all = await runCall(conditionFlow(conditions, '北京北京', 'all'), { ani: '1' });
    const any = await runCall(conditionFlow(conditions, '北京北京', 'any'), { ani: '1' });
    assert.equal(exitTaken(all.outcome), 'default');
    assert.equal(exitTaken(any.outcome), 'yes');
  });

  it('nests all/any groups', async () => {
    const conditions = [
      { variable: 'x', operator: 'isNotEmpty' },
      {
        operator: 'any',
        conditions: [
          { variable: 'x', operator: 'startsWith', value: '北京' },
          { operator: 'all', conditions: [{ variable: 'x', operator: 'contains', value: '上海' }] },
        ],
      },
    ];
    assert.equal(
      exitTaken((await runCall(conditionFlow(conditions, '上海上海'), { ani: '1' })).outcome),
      'yes',
    );
    assert.equal(
      exitTaken((await runCall(conditionFlow(conditions, '广东深圳'), { ani: '1' })).outcome),
      'default',
    );
  });

  it('takes the first rule that holds, in order', async () => {
    const f = tinyFlow(
      {
        type: 'condition',
        config: {
          rules: [
            { name: 'first', conditions: [{ variable: 'ANI', operator: 'startsWith', value: '138' }] },
            { name: 'second', conditions: [{ variable: 'ANI', operator: 'isNotEmpty' }] },
          ],
        },
      },
      ['first', 'second', 'default'],
    );
    assert.equal(exitTaken((await runCall(f, { ani: '13800138000' })).outcome), 'first');
    assert.equal(exitTaken((await runCall(f, { ani: '0101' })).outcome), 'second');
  });
});

describe('setVariable module', () => {
  const setVariable = (assignments: unknown[]) =>
    tinyFlow({ type: 'setVariable', config: { assignments } }, ['next', 'failure'], {
      variables: [{ name: 'count', initial: '2' }],
    });

  it('assigns templates and expressions in order, recording only what changed', async () => {
    const result = await runCall(
      setVariable([
        { variable: 'greeting', value: '您好 ${ANI}' },
        { variable: 'count', value: '${count} + 1', mode: 'expression' },
        { variable: 'label', value: '"n=" + ${count} + "/" + len(${ANI})', mode: 'expression' },
        { variable: 'same', value: '' },
        { variable: 'proto', value: '[${constructor}${toString}]' },
      ]),
      { ani: '13800138000' },
    );
    assert.equal(exitTaken(result.outcome), 'next');
    assert.equal(result.variables['label'], 'n=3/11');
    assert.deepEqual(result.trace.steps[1]?.changes, [
      { name: 'greeting', before: '', after: '您好 13800138000' },
      { name: 'count', before: '2', after: '3' },
      { name: 'label', before: '', after: 'n=3/11' },
      { name: 'proto', before: '', after: '[]' },
    ]);
  });

  it('leaves by failure when an expression cannot be evaluated, keeping what was set before', async () => {
    const result = await runCall(
      setVariable([
        { variable: 'a', value: 'x' },
        { variable: 'b', value: '10 / (${count} - 2)', mode: 'expression' },
      ]),
      { ani: '1' },
    );
    assert.equal(exitTaken(result.outcome), 'failure');
    assert.equal(result.variables['a'], 'x');
    const detail = result.trace.steps[1]?.detail as { assignment: number; error: { code: string } };
    assert.equal(detail.assignment, 1);
    assert.equal(detail.error.code, 'IvrExpressionInvalid');
  });
});
