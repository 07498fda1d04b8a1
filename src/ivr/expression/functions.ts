/**
 * The functions an expression may call. This table is the whole of what an expression can do:
 * there is no property access and no way to reach JavaScript objects. `if` is not here because
 * it evaluates lazily (see evaluate.ts).
 */
import { formatNumber, parseNumber } from '../text-number.js';

export class ExpressionEvalError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
    this.name = 'ExpressionEvalError';
  }
}

interface ExpressionFunction {
  readonly min: number;
  readonly max: number;
  call(args: readonly string[]): string;
}

const bool = (value: boolean): string => (value ? 'true' : 'false');

/** Reads a number argument; `at` is filled in by the caller when this throws. */
export function numberArg(text: string, what: string): number {
  const value = parseNumber(text);
  if (value === undefined)
    throw new ExpressionEvalError(`${what} is not a number: "${text.slice(0, 40)}"`, -1);
  return value;
}

function chars(text: string): string[] {
  return Array.from(text);
}

function substr(args: readonly string[]): string {
  const list = chars(args[0]!);
  const start = Math.max(0, Math.trunc(numberArg(args[1]!, 'substr start')));
  const length =
    args[2] === undefined ? list.length : Math.max(0, Math.trunc(numberArg(args[2], 'substr length')));
  return list.slice(start, start + length).join('');
}

function round(args: readonly string[]): string {
  const digits = args[1] === undefined ? 0 : Math.trunc(numberArg(args[1], 'round digits'));
  if (digits < 0 || digits > 10) throw new ExpressionEvalError('round digits must be 0..10', -1);
  const factor = 10 ** digits;
  return formatNumber(Math.round(numberArg(args[0]!, 'round value') * factor) / factor);
}

const numeric =
  (fn: (n: number) => number) =>
  (args: readonly string[]): string =>
    formatNumber(fn(numberArg(args[0]!, 'argument')));

export const EXPRESSION_FUNCTIONS: ReadonlyMap<string, ExpressionFunction> = new Map<
  string,
  ExpressionFunction
>([
  ['len', { min: 1, max: 1, call: (a) => String(chars(a[0]!).length) }],
  ['upper', { min: 1, max: 1, call: (a) => a[0]!.toUpperCase() }],
  ['lower', { min: 1, max: 1, call: (a) => a[0]!.toLowerCase() }],
  ['trim', { min: 1, max: 1, call: (a) => a[0]!.trim() }],
  ['substr', { min: 2, max: 3, call: substr }],
  ['concat', { min: 1, max: 16, call: (a) => a.join('') }],
  ['replace', { min: 3, max: 3, call: (a) => (a[1] === '' ? a[0]! : a[0]!.split(a[1]!).join(a[2]!)) }],
  ['contains', { min: 2, max: 2, call: (a) => bool(a[0]!.includes(a[1]!)) }],
  ['startsWith', { min: 2, max: 2, call: (a) => bool(a[0]!.startsWith(a[1]!)) }],
  ['endsWith', { min: 2, max: 2, call: (a) => bool(a[0]!.endsWith(a[1]!)) }],
  ['default', { min: 2, max: 2, call: (a) => (a[0] === '' ? a[1]! : a[0]!) }],
  ['round', { min: 1, max: 2, call: round }],
  ['floor', { min: 1, max: 1, call: numeric(Math.floor) }],
  ['ceil', { min: 1, max: 1, call: numeric(Math.ceil) }],
  ['abs', { min: 1, max: 1, call: numeric(Math.abs) }],
  [
    'min',
    { min: 1, max: 16, call: (a) => formatNumber(Math.min(...a.map((x) => numberArg(x, 'min argument')))) },
  ],
  [
    'max',
    { min: 1, max: 16, call: (a) => formatNumber(Math.max(...a.map((x) => numberArg(x, 'max argument')))) },
  ],
]);

/** `if(condition, then, else)` is evaluated lazily by the evaluator. */
export const LAZY_IF = { name: 'if', min: 3, max: 3 } as const;

export function functionNames(): string[] {
  return [...EXPRESSION_FUNCTIONS.keys(), LAZY_IF.name].sort();
}
