/**
 * Conditions as data: a condition compares a variable with a value (a template), matches it
 * against a regular expression, or groups other conditions with all/any. Evaluated here by a
 * table of small functions, never by eval.
 */
import { z } from 'zod';
import { templateText, variableNameSchema } from './fields.js';
import { parseNumber } from './text-number.js';
import { matchesUserRegex } from './user-regex.js';

export const TEXT_OPERATORS = [
  'equals',
  'notEquals',
  'contains',
  'notContains',
  'startsWith',
  'endsWith',
] as const;
/** Numeric comparisons: gt >, gte >=, lt <, lte <=, numEquals ==. False when a side is not a number. */
export const NUMBER_OPERATORS = ['gt', 'gte', 'lt', 'lte', 'numEquals'] as const;
export const EMPTY_OPERATORS = ['isEmpty', 'isNotEmpty'] as const;
export const LIST_OPERATORS = ['in', 'notIn'] as const;

const compareSchema = z.strictObject({
  variable: variableNameSchema,
  operator: z.enum([...TEXT_OPERATORS, ...NUMBER_OPERATORS]),
  value: templateText(1000),
  ignoreCase: z.boolean().optional(),
});
/** The value of `matches` is the pattern itself, never a template: a caller must not write a regex. */
const regexSchema = z.strictObject({
  variable: variableNameSchema,
  operator: z.literal('matches'),
  value: z.string().max(200).describe('Regular expression (JavaScript syntax)'),
  ignoreCase: z.boolean().optional(),
});
const emptySchema = z.strictObject({ variable: variableNameSchema, operator: z.enum(EMPTY_OPERATORS) });
const listSchema = z.strictObject({
  variable: variableNameSchema,
  operator: z.enum(LIST_OPERATORS),
  values: z.array(templateText(1000)).min(1).max(200),
  ignoreCase: z.boolean().optional(),
});
const groupSchema = z.strictObject({
  operator: z.enum(['all', 'any']),
  get conditions() {
    return z.array(conditionSchema).min(1).max(50);
  },
});

export const conditionSchema = z.discriminatedUnion('operator', [
  compareSchema,
  regexSchema,
  emptySchema,
  listSchema,
  groupSchema,
]);

export type Condition = z.output<typeof conditionSchema>;
export type CompareCondition = z.output<typeof compareSchema>;
export type GroupCondition = z.output<typeof groupSchema>;
export type LeafCondition = Exclude<Condition, GroupCondition>;

function isGroup(condition: Condition): condition is GroupCondition {
  return condition.operator === 'all' || condition.operator === 'any';
}

export interface Scope {
  get(name: string): string;
  render(template: string): string;
}

type Compare = (left: string, right: string) => boolean;

const numeric =
  (test: (l: number, r: number) => boolean): Compare =>
  (left, right) => {
    const l = parseNumber(left);
    const r = parseNumber(right);
    return l !== undefined && r !== undefined && test(l, r);
  };

const COMPARE: Readonly<Record<CompareCondition['operator'], Compare>> = {
  equals: (l, r) => l === r,
  notEquals: (l, r) => l !== r,
  contains: (l, r) => l.includes(r),
  notContains: (l, r) => !l.includes(r),
  startsWith: (l, r) => l.startsWith(r),
  endsWith: (l, r) => l.endsWith(r),
  gt: numeric((l, r) => l > r),
  gte: numeric((l, r) => l >= r),
  lt: numeric((l, r) => l < r),
  lte: numeric((l, r) => l <= r),
  numEquals: numeric((l, r) => l === r),
};

export function evaluateCondition(condition: Condition, scope: Scope): boolean {
  switch (condition.operator) {
    case 'all':
      return condition.conditions.every((c) => evaluateCondition(c, scope));
    case 'any':
      return condition.conditions.some((c) => evaluateCondition(c, scope));
    case 'isEmpty':
      return scope.get(condition.variable) === '';
    case 'isNotEmpty':
      return scope.get(condition.variable) !== '';
    case 'matches':
      return matchesUserRegex(condition.value, scope.get(condition.variable), condition.ignoreCase);
    case 'in':
    case 'notIn': {
      const left = fold(scope.get(condition.variable), condition.ignoreCase);
      const found = condition.values.some((v) => fold(scope.render(v), condition.ignoreCase) === left);
      return condition.operator === 'in' ? found : !found;
    }
    default: {
      const left = fold(scope.get(condition.variable), condition.ignoreCase);
      return COMPARE[condition.operator](left, fold(scope.render(condition.value), condition.ignoreCase));
    }
  }
}

function fold(text: string, ignoreCase: boolean | undefined): string {
  return ignoreCase ? text.toLowerCase() : text;
}

/** Calls visit(condition, path) for every leaf, with its path below `path`. */
export function forEachLeaf(
  condition: Condition,
  path: ReadonlyArray<string | number>,
  visit: (leaf: LeafCondition, path: ReadonlyArray<string | number>) => void,
): void {
  if (isGroup(condition)) {
    condition.conditions.forEach((c, i) => {
      forEachLeaf(c, [...path, 'conditions', i], visit);
    });
  } else {
    visit(condition, path);
  }
}
