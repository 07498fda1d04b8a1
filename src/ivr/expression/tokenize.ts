/**
 * Turns expression text into tokens. Variables are written as in templates, `${count}`; bare words
 * are function names or true/false; strings use single or double quotes with \ escapes.
 */
import { isVariableName } from '../names.js';

export type Token =
  | { readonly type: 'number' | 'string'; readonly value: string; readonly at: number }
  | { readonly type: 'variable' | 'name'; readonly value: string; readonly at: number }
  | { readonly type: 'op'; readonly value: string; readonly at: number }
  | { readonly type: 'end'; readonly value: ''; readonly at: number };

export class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
    this.name = 'ExpressionSyntaxError';
  }
}

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '+', '-', '*', '/', '%', '<', '>', '!', '(', ')', ','];
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', '\\': '\\', "'": "'", '"': '"' };

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(ch) || (ch === '.' && isDigit(source[i + 1] ?? ''))) {
      const m = /^(\d+(\.\d*)?|\.\d+)/.exec(source.slice(i))!;
      tokens.push({ type: 'number', value: m[0], at: start });
      i += m[0].length;
    } else if (ch === "'" || ch === '"') {
      const [value, next] = readString(source, i);
      tokens.push({ type: 'string', value, at: start });
      i = next;
    } else if (ch === '$' && source[i + 1] === '{') {
      const close = source.indexOf('}', i + 2);
      const name = close < 0 ? '' : source.slice(i + 2, close);
      if (!isVariableName(name)) throw new ExpressionSyntaxError('expected a variable name in ${...}', start);
      tokens.push({ type: 'variable', value: name, at: start });
      i = close + 1;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))!;
      tokens.push({ type: 'name', value: m[0], at: start });
      i += m[0].length;
    } else {
      const op = OPERATORS.find((o) => source.startsWith(o, i));
      if (!op) throw new ExpressionSyntaxError(`unexpected character "${ch}"`, start);
      tokens.push({ type: 'op', value: op, at: start });
      i += op.length;
    }
  }
  tokens.push({ type: 'end', value: '', at: source.length });
  return tokens;
}

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

function readString(source: string, start: number): [string, number] {
  const quote = source[start];
  let out = '';
  for (let i = start + 1; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === quote) return [out, i + 1];
    if (ch === '\\') {
      const escaped = ESCAPES[source[i + 1] ?? ''];
      if (escaped === undefined) throw new ExpressionSyntaxError('unknown escape in string', i);
      out += escaped;
      i++;
    } else {
      out += ch;
    }
  }
  throw new ExpressionSyntaxError('unterminated string', start);
}
