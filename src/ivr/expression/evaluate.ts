/**
 * Evaluates an expression tree over the call's variables. Everything is text: `+` adds when both
 * sides are numbers and joins text otherwise; `- * / %` need numbers; comparisons compare numbers
 * when both sides are numbers, text otherwise; `&&`, `||`, `!` and `if` treat "", "0" and "false"
 * as false and give "true"/"false".
 */
import { formatNumber, parseNumber } from '../text-number.js';
import { type BinaryOperator, EXPRESSION_LIMITS, type Expr } from './ast.js';
import { EXPRESSION_FUNCTIONS, ExpressionEvalError } from './functions.js';

export type Lookup = (name: string) => string;

export function evaluate(expr: Expr, lookup: Lookup): string {
  const value = evaluateNode(expr, lookup);
  if (value.length > EXPRESSION_LIMITS.resultLength) {
    throw new ExpressionEvalError(`result longer than ${EXPRESSION_LIMITS.resultLength} characters`, 0);
  }
  return value;
}

export function isTruthy(text: string): boolean {
  return text !== '' && text !== '0' && text !== 'false';
}

function evaluateNode(expr: Expr, lookup: Lookup): string {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'variable':
      return lookup(expr.name);
    case 'unary': {
      const arg = evaluateNode(expr.arg, lookup);
      if (expr.op === '!') return isTruthy(arg) ? 'false' : 'true';
      return formatNumber(-numberAt(arg, expr.at));
    }
    case 'binary':
      return binary(expr.op, expr.left, expr.right, expr.at, lookup);
    case 'call':
      return call(expr.name, expr.args, expr.at, lookup);
  }
}

function call(name: string, argExprs: readonly Expr[], at: number, lookup: Lookup): string {
  if (name === 'if') {
    const chosen = isTruthy(evaluateNode(argExprs[0]!, lookup)) ? argExprs[1]! : argExprs[2]!;
    return evaluateNode(chosen, lookup);
  }
  const fn = EXPRESSION_FUNCTIONS.get(name);
  if (!fn) throw new ExpressionEvalError(`unknown function "${name}"`, at);
  const args = argExprs.map((arg) => guardLength(evaluateNode(arg, lookup), at));
  try {
    return guardLength(fn.call(args), at);
  } catch (err) {
    if (err instanceof ExpressionEvalError && err.at < 0)
      throw new ExpressionEvalError(`${name}(): ${err.message}`, at);
    throw err;
  }
}

function binary(op: BinaryOperator, leftExpr: Expr, rightExpr: Expr, at: number, lookup: Lookup): string {
  const left = evaluateNode(leftExpr, lookup);
  if (op === '&&') return isTruthy(left) && isTruthy(evaluateNode(rightExpr, lookup)) ? 'true' : 'false';
  if (op === '||') return isTruthy(left) || isTruthy(evaluateNode(rightExpr, lookup)) ? 'true' : 'false';
  const right = evaluateNode(rightExpr, lookup);
  const l = parseNumber(left);
  const r = parseNumber(right);
  const numeric = l !== undefined && r !== undefined;
  switch (op) {
    case '+':
      return numeric ? formatNumber(l + r) : guardLength(left + right, at);
    case '-':
      return formatNumber(numberAt(left, at) - numberAt(right, at));
    case '*':
      return formatNumber(numberAt(left, at) * numberAt(right, at));
    case '/':
    case '%': {
      const divisor = numberAt(right, at);
      if (divisor === 0) throw new ExpressionEvalError('division by zero', at);
      const dividend = numberAt(left, at);
      return formatNumber(op === '/' ? dividend / divisor : dividend % divisor);
    }
    case '==':
      return String(numeric ? l === r : left === right);
    case '!=':
      return String(numeric ? l !== r : left !== right);
    default:
      return String(compare(op, numeric ? l - r : left < right ? -1 : left > right ? 1 : 0));
  }
}

function compare(op: '<' | '<=' | '>' | '>=', diff: number): boolean {
  if (op === '<') return diff < 0;
  if (op === '<=') return diff <= 0;
  if (op === '>') return diff > 0;
  return diff >= 0;
}

function numberAt(text: string, at: number): number {
  const value = parseNumber(text);
  if (value === undefined) throw new ExpressionEvalError(`not a number: "${text.slice(0, 40)}"`, at);
  return value;
}

function guardLength(text: string, at: number): string {
  if (text.length > EXPRESSION_LIMITS.resultLength) {
    throw new ExpressionEvalError(`text longer than ${EXPRESSION_LIMITS.resultLength} characters`, at);
  }
  return text;
}
