/** The syntax tree of a setVariable expression. Values are text, like variables. */

export type BinaryOperator =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | '&&'
  | '||';
export type UnaryOperator = '-' | '!';

export type Expr =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'variable'; readonly name: string }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expr[]; readonly at: number }
  | { readonly kind: 'unary'; readonly op: UnaryOperator; readonly arg: Expr; readonly at: number }
  | {
      readonly kind: 'binary';
      readonly op: BinaryOperator;
      readonly left: Expr;
      readonly right: Expr;
      readonly at: number;
    };

/** Limits that keep a hostile expression from costing more than a few microseconds. */
export const EXPRESSION_LIMITS = {
  sourceLength: 1000,
  depth: 32,
  nodes: 200,
  resultLength: 4096,
} as const;
