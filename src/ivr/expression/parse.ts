/**
 * A Pratt parser for setVariable expressions. Precedence, loosest first:
 * `||`, `&&`, `== !=`, `< <= > >=`, `+ -`, `* / %`, then unary `- !`.
 * Depth and size are bounded so hostile input fails fast instead of exhausting the stack.
 */
import { type BinaryOperator, EXPRESSION_LIMITS, type Expr } from './ast.js';
import { EXPRESSION_FUNCTIONS, LAZY_IF } from './functions.js';
import { ExpressionSyntaxError, type Token, tokenize } from './tokenize.js';

const BINDING: Readonly<Record<string, number>> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};
const UNARY_BINDING = 7;

export function parseExpression(source: string): Expr {
  if (source.length > EXPRESSION_LIMITS.sourceLength) {
    throw new ExpressionSyntaxError(`expression longer than ${EXPRESSION_LIMITS.sourceLength} characters`, 0);
  }
  return new Parser(tokenize(source)).parseAll();
}

class Parser {
  private pos = 0;
  private nodes = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parseAll(): Expr {
    const expr = this.parse(0, 0);
    const next = this.peek();
    if (next.type !== 'end') throw new ExpressionSyntaxError(`unexpected "${next.value}"`, next.at);
    return expr;
  }

  private parse(minBinding: number, depth: number): Expr {
    if (depth > EXPRESSION_LIMITS.depth)
      throw new ExpressionSyntaxError('expression nested too deeply', this.peek().at);
    let left = this.prefix(depth);
    for (;;) {
      const op = this.peek();
      const binding = op.type === 'op' ? BINDING[op.value] : undefined;
      if (binding === undefined || binding <= minBinding) return left;
      this.pos++;
      const right = this.parse(binding, depth + 1);
      left = this.node({ kind: 'binary', op: op.value as BinaryOperator, left, right, at: op.at });
    }
  }

  private prefix(depth: number): Expr {
    const token = this.next();
    switch (token.type) {
      case 'number':
      case 'string':
        return this.node({ kind: 'literal', value: token.value });
      case 'variable':
        return this.node({ kind: 'variable', name: token.value });
      case 'name':
        return this.name(token, depth);
      case 'op':
        if (token.value === '(') {
          const inner = this.parse(0, depth + 1);
          this.expect(')');
          return inner;
        }
        if (token.value === '-' || token.value === '!') {
          const arg = this.parse(UNARY_BINDING, depth + 1);
          return this.node({ kind: 'unary', op: token.value, arg, at: token.at });
        }
        throw new ExpressionSyntaxError(`unexpected "${token.value}"`, token.at);
      case 'end':
        throw new ExpressionSyntaxError('unexpected end of expression', token.at);
    }
  }

  private name(token: Token, depth: number): Expr {
    if (token.value === 'true' || token.value === 'false')
      return this.node({ kind: 'literal', value: token.value });
    const fn = token.value === LAZY_IF.name ? LAZY_IF : EXPRESSION_FUNCTIONS.get(token.value);
    if (!fn) {
      throw new ExpressionSyntaxError(
        `unknown function "${token.value}" (variables are written \${${token.value}})`,
        token.at,
      );
    }
    this.expect('(');
    const args: Expr[] = [];
    if (!this.accept(')')) {
      do args.push(this.parse(0, depth + 1));
      while (this.accept(','));
      this.expect(')');
    }
    if (args.length < fn.min || args.length > fn.max) {
      const wanted = fn.min === fn.max ? `${fn.min}` : `${fn.min} to ${fn.max}`;
      throw new ExpressionSyntaxError(
        `${token.value}() takes ${wanted} arguments, got ${args.length}`,
        token.at,
      );
    }
    return this.node({ kind: 'call', name: token.value, args, at: token.at });
  }

  private node(expr: Expr): Expr {
    if (++this.nodes > EXPRESSION_LIMITS.nodes) throw new ExpressionSyntaxError('expression too large', 0);
    return expr;
  }

  private peek(): Token {
    return this.tokens[this.pos]!;
  }

  private next(): Token {
    const token = this.tokens[this.pos]!;
    if (token.type !== 'end') this.pos++;
    return token;
  }

  private accept(op: string): boolean {
    const token = this.peek();
    if (token.type !== 'op' || token.value !== op) return false;
    this.pos++;
    return true;
  }

  private expect(op: string): void {
    const token = this.peek();
    if (!this.accept(op)) throw new ExpressionSyntaxError(`expected "${op}"`, token.at);
  }
}
