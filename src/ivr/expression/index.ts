/**
 * setVariable expressions: data parsed by our own small parser and evaluated by our own
 * evaluator (never eval or new Function). compileExpression() is cached by source text, so a
 * flow's expressions are parsed once and evaluation in the call path is a tree walk.
 */
import { ivrErrors } from '../errors.js';
import type { Expr } from './ast.js';
import { evaluate, type Lookup } from './evaluate.js';
import { ExpressionEvalError } from './functions.js';
import { parseExpression } from './parse.js';
import { ExpressionSyntaxError } from './tokenize.js';

export { EXPRESSION_LIMITS } from './ast.js';
export { isTruthy } from './evaluate.js';
export { functionNames as expressionFunctionNames } from './functions.js';

export interface CompiledExpression {
  readonly source: string;
  readonly ast: Expr;
  /** Variables the expression reads. */
  readonly variables: readonly string[];
}

export type ExpressionCheck =
  | { ok: true; expression: CompiledExpression }
  | { ok: false; at: number; message: string };

const CACHE_LIMIT = 10_000;
const cache = new Map<string, ExpressionCheck>();

/** Parses (or fetches from the cache) without throwing. */
export function checkExpression(source: string): ExpressionCheck {
  const hit = cache.get(source);
  if (hit) return hit;
  let check: ExpressionCheck;
  try {
    const ast = parseExpression(source);
    check = { ok: true, expression: { source, ast, variables: collectVariables(ast, []) } };
  } catch (err) {
    if (!(err instanceof ExpressionSyntaxError)) throw err;
    check = { ok: false, at: err.at, message: err.message };
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(source, check);
  return check;
}

/** Parses an expression; throws IvrExpressionInvalid with the position when it is not valid. */
export function compileExpression(source: string): CompiledExpression {
  const check = checkExpression(source);
  if (check.ok) return check.expression;
  throw ivrErrors.IvrExpressionInvalid(
    `${check.message} at position ${check.at + 1} of "${source.slice(0, 80)}"`,
    {
      details: { position: check.at },
    },
  );
}

/** Evaluates to text; throws IvrExpressionInvalid (e.g. "not a number") with the position. */
export function evaluateExpression(expression: CompiledExpression, lookup: Lookup): string {
  try {
    return evaluate(expression.ast, lookup);
  } catch (err) {
    if (!(err instanceof ExpressionEvalError)) throw err;
    throw ivrErrors.IvrExpressionInvalid(`${err.message} at position ${err.at + 1}`, {
      details: { position: err.at },
      cause: err,
    });
  }
}

function collectVariables(expr: Expr, into: string[]): string[] {
  switch (expr.kind) {
    case 'variable':
      if (!into.includes(expr.name)) into.push(expr.name);
      break;
    case 'unary':
      collectVariables(expr.arg, into);
      break;
    case 'binary':
      collectVariables(expr.left, into);
      collectVariables(expr.right, into);
      break;
    case 'call':
      for (const arg of expr.args) collectVariables(arg, into);
      break;
    case 'literal':
      break;
  }
  return into;
}
