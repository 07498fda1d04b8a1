import { isIPv6 } from 'node:net';
import { COLON, DQUOTE, EQUAL, is, LBRACKET, SEMI, TOKEN } from './chars.js';
import type { Cursor } from './cursor.js';
import { fail } from './parse-errors.js';

/**
 * A parameter: of a header value (generic-param, §25.1) or of a URI (uri-parameter, §19.1.1).
 * Names are case-insensitive (§7.3.1, §19.1.4) and stored in lower case. `value` is undefined
 * for a parameter without "=". Header parameter values are kept as written (a quoted-string
 * keeps its quotes, see unquote()); URI parameter values are unescaped.
 */
export interface Param {
  readonly name: string;
  readonly value: string | undefined;
}

/** The first parameter of that (lower-case) name. */
export function findParam(params: readonly Param[], name: string): Param | undefined {
  for (const p of params) if (p.name === name) return p;
  return undefined;
}

/** The value of the first parameter of that name ('' when it has none), or undefined when absent. */
export function paramValue(params: readonly Param[], name: string): string | undefined {
  const p = findParam(params, name);
  return p === undefined ? undefined : (p.value ?? '');
}

/** The content of a quoted-string value with its quoted-pairs undone; other values unchanged. */
export function unquote(value: string): string {
  if (value.length < 2 || value.charCodeAt(0) !== DQUOTE) return value;
  return value.slice(1, -1).replace(/\\([\s\S])/g, '$1');
}

export interface HeaderParamSyntax {
  /** Allows ":" in unquoted values, for Via's received=IPv6address (§18.2.1, RFC 5118). */
  readonly colonInValues?: boolean;
}

/**
 * *( SEMI generic-param ), generic-param = token [ EQUAL gen-value ], gen-value = token / host /
 * quoted-string. Stops before anything that is not a SEMI (a COMMA, the end).
 */
export function parseHeaderParams(c: Cursor, syntax?: HeaderParamSyntax): Param[] {
  const params: Param[] = [];
  while (c.eatSeparator(SEMI)) {
    const name = c.token('parameter name').toLowerCase();
    let value: string | undefined;
    if (c.eatSeparator(EQUAL)) value = genValue(c, syntax?.colonInValues === true);
    params.push({ name, value });
  }
  return params;
}

function genValue(c: Cursor, colonInValues: boolean): string {
  const first = c.peek();
  if (first === DQUOTE) return c.quotedRaw();
  if (first === LBRACKET) {
    const close = c.s.indexOf(']', c.i);
    if (close < 0 || close >= c.end || !isIPv6(c.s.slice(c.i + 1, close))) {
      fail('bad IPv6 reference in parameter');
    }
    const value = c.s.slice(c.i, close + 1);
    c.i = close + 1;
    return value;
  }
  const from = c.i;
  while (c.i < c.end) {
    const ch = c.s.charCodeAt(c.i);
    if (!is(ch, TOKEN) && !(colonInValues && ch === COLON)) break;
    c.i++;
  }
  if (c.i === from) fail(`expected a parameter value at offset ${from}`);
  return c.s.slice(from, c.i);
}

/** ;name[=value] for each header parameter, values as stored. */
export function formatHeaderParams(params: readonly Param[]): string {
  let out = '';
  for (const p of params) out += p.value === undefined ? `;${p.name}` : `;${p.name}=${p.value}`;
  return out;
}

/** Parameter lists equal as sets, names and values compared case-insensitively. */
export function paramsEqualIgnoringCase(a: readonly Param[], b: readonly Param[]): boolean {
  if (a.length !== b.length) return false;
  for (const p of a) {
    const q = findParam(b, p.name);
    if (q === undefined || (p.value ?? '').toLowerCase() !== (q.value ?? '').toLowerCase()) return false;
  }
  return true;
}
