/** condition: ordered rules over variables; the first rule that holds names the exit. */
import { z } from 'zod';
import { conditionSchema, evaluateCondition, forEachLeaf } from '../conditions.js';
import { defineModule, type Fact, type ModuleFacts, type ModuleResult } from '../module.js';
import { checkUserRegex } from '../user-regex.js';

const config = z.strictObject({
  rules: z
    .array(
      z.strictObject({
        name: z
          .string()
          .min(1)
          .max(64)
          .refine((n) => n !== 'default', '"default" is the exit taken when no rule holds')
          .describe('Exit name of this rule'),
        match: z.enum(['all', 'any']).default('all').describe('All conditions must hold, or any one'),
        conditions: z.array(conditionSchema).min(1).max(50),
      }),
    )
    .min(1)
    .max(50)
    .describe('Checked in order; the first that holds is taken'),
});

type ConditionConfig = z.output<typeof config>;

const DEFAULT: ModuleResult = Object.freeze({ exit: 'default' });

function inspect(c: ConditionConfig): ModuleFacts {
  const templates: Fact<'templates'>[] = [];
  const reads: Fact<'reads'>[] = [];
  const problems: Fact<'problems'>[] = [];
  const names = new Set<string>();
  c.rules.forEach((rule, r) => {
    if (names.has(rule.name)) {
      problems.push({
        code: 'DUPLICATE_KEY',
        path: ['rules', r, 'name'],
        message: `rule ${rule.name} is listed twice`,
      });
    }
    names.add(rule.name);
    rule.conditions.forEach((cond, i) => {
      forEachLeaf(cond, ['rules', r, 'conditions', i], (leaf, path) => {
        reads.push({ path: [...path, 'variable'], name: leaf.variable });
        if (leaf.operator === 'matches') {
          const check = checkUserRegex(leaf.value, leaf.ignoreCase);
          if (!check.ok)
            problems.push({ code: 'INVALID_REGEX', path: [...path, 'value'], message: check.reason });
        } else if ('value' in leaf) {
          templates.push({ path: [...path, 'value'], text: leaf.value });
        } else if ('values' in leaf) {
          leaf.values.forEach((text, v) => {
            templates.push({ path: [...path, 'values', v], text });
          });
        }
      });
    });
  });
  return { templates, reads, problems };
}

export const conditionModule = defineModule({
  type: 'condition',
  category: 'logic',
  title: { en: 'Condition', zh: '条件判断' },
  help: {
    en:
      'Checks rules in order; the first rule that holds names the exit, otherwise the call takes default. ' +
      'A rule compares variables with values (equals, contains, starts with, regex, numbers, empty, in a ' +
      'list) and needs all or any of its conditions. E.g. region contains 北京 → 北京客服组.',
    zh:
      '按顺序检查规则,第一个满足的规则决定出口,都不满足时走默认出口。规则可比较变量与值(等于、包含、开头为、' +
      '正则、数值比较、为空、在列表中),并要求全部或任一条件满足。例如 region 包含 北京 → 北京客服组。',
  },
  config,
  exits: {
    perItem: { list: 'rules', name: 'name', required: true },
    followedBy: [
      { name: 'default', required: true, help: { en: 'No rule holds.', zh: '所有条件均不满足。' } },
    ],
    help: { en: 'One exit per rule, then default.', zh: '每条规则一个出口,另有默认出口。' },
  },
  inspect,
  async run(ctx, c) {
    for (const rule of c.rules) {
      const holds =
        rule.match === 'all'
          ? rule.conditions.every((cond) => evaluateCondition(cond, ctx))
          : rule.conditions.some((cond) => evaluateCondition(cond, ctx));
      if (holds) return { exit: rule.name };
    }
    return DEFAULT;
  },
});
