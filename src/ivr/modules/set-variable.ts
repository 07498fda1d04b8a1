/** setVariable: assigns variables from templates or expressions, in order. */
import { z } from 'zod';
import { isHotlineError } from '../../shared/errors.js';
import { checkExpression, compileExpression, evaluateExpression } from '../expression/index.js';
import { variableNameSchema } from '../fields.js';
import { defineModule, type ExitSpec, type Fact, type ModuleFacts } from '../module.js';
import { MAX_VARIABLE_LENGTH } from '../names.js';
import { renderTemplate } from '../template.js';
import { FAILURE_EXIT, NEXT_EXIT } from './common.js';

const config = z.strictObject({
  assignments: z
    .array(
      z.strictObject({
        variable: variableNameSchema,
        value: z.string().max(1000).meta({ 'x-template': true }),
        mode: z
          .enum(['template', 'expression'])
          .default('template')
          .describe('template: text with ${var}; expression: e.g. ${count} + 1, upper(${name})'),
      }),
    )
    .min(1)
    .max(50),
});

type SetVariableConfig = z.output<typeof config>;

const exits: ExitSpec[] = [
  NEXT_EXIT,
  { ...FAILURE_EXIT, help: { en: 'An expression could not be evaluated.', zh: '表达式计算失败。' } },
];

function inspect(c: SetVariableConfig): ModuleFacts {
  const templates: Fact<'templates'>[] = [];
  const reads: Fact<'reads'>[] = [];
  const problems: Fact<'problems'>[] = [];
  c.assignments.forEach((a, i) => {
    const path = ['assignments', i, 'value'];
    if (a.mode === 'template') {
      templates.push({ path, text: a.value });
      return;
    }
    const check = checkExpression(a.value);
    if (check.ok) for (const name of check.expression.variables) reads.push({ path, name });
    else
      problems.push({
        code: 'INVALID_EXPRESSION',
        path,
        message: `${check.message} at position ${check.at + 1}`,
      });
  });
  const writes = c.assignments.map((a, i) => ({ path: ['assignments', i, 'variable'], name: a.variable }));
  return { templates, reads, writes, problems };
}

export const setVariableModule = defineModule({
  type: 'setVariable',
  category: 'logic',
  title: { en: 'Set variables', zh: '变量赋值' },
  help: {
    en:
      'Assigns variables in order (later ones see earlier ones). A template is text with ${variables}; an ' +
      'expression computes: ${count} + 1, ${a} + "-" + ${b}, len(${ANI}), substr(${ANI}, 0, 3), ' +
      'upper/lower/trim, replace, contains, default(${x}, "none"), round/floor/ceil/abs/min/max, ' +
      'comparisons and if(cond, a, b). + adds numbers and joins text.',
    zh:
      '按顺序为变量赋值(后面的赋值可使用前面的结果)。模板是含 ${变量} 的文本;表达式可计算:${count} + 1、' +
      'len(${ANI})、substr(${ANI}, 0, 3)、upper/lower/trim、replace、contains、default、round 等函数、比较和 ' +
      'if(条件, 值1, 值2)。+ 对数字求和,对文本拼接。',
  },
  config,
  exits,
  inspect,
  async run(ctx, c) {
    const vars: Record<string, string> = {};
    const lookup = (name: string): string => (Object.hasOwn(vars, name) ? vars[name]! : ctx.get(name));
    for (const [i, a] of c.assignments.entries()) {
      try {
        const value =
          a.mode === 'template'
            ? renderTemplate(a.value, lookup)
            : evaluateExpression(compileExpression(a.value), lookup);
        vars[a.variable] = value.slice(0, MAX_VARIABLE_LENGTH);
      } catch (err) {
        if (!isHotlineError(err, 'IvrExpressionInvalid')) throw err;
        return { exit: 'failure', vars, detail: { assignment: i, error: err.toJSON() } };
      }
    }
    return { exit: 'next', vars };
  },
});
