import { allIn, DIGIT, is, isWs, SLASH, TOKEN, trimWs, WORD } from './chars.js';
import { Cursor } from './cursor.js';
import { type Param, parseHeaderParams } from './params.js';
import { fail } from './parse-errors.js';

/** CSeq = "CSeq" HCOLON 1*DIGIT LWS Method (§20.16). */
export interface CSeq {
  /** 0 to 2**31 - 1 (§8.1.1.5). */
  readonly seq: number;
  /** Case-sensitive, as is every method (§7.1). */
  readonly method: string;
}

export const MAX_CSEQ = 2 ** 31 - 1;
export const MAX_DELTA_SECONDS = 2 ** 32 - 1;

/** 1*DIGIT at the cursor, at most `max`; never builds a number beyond it. */
function digits(c: Cursor, max: number, what: string): number {
  const from = c.i;
  let value = 0;
  while (c.i < c.end) {
    const ch = c.s.charCodeAt(c.i);
    if (!is(ch, DIGIT)) break;
    value = value * 10 + (ch - 0x30);
    if (value > max) fail(`${what} larger than ${max}`);
    c.i++;
  }
  if (c.i === from) fail(`${what} must be digits`);
  return value;
}

function wholeNumber(text: string, max: number, what: string): number {
  const c = new Cursor(text);
  c.skipWs();
  const value = digits(c, max, what);
  c.expectEnd(what);
  return value;
}

export function parseCSeq(text: string): CSeq {
  const c = new Cursor(text);
  c.skipWs();
  const seq = digits(c, MAX_CSEQ, 'CSeq number');
  if (!c.skipWs()) fail('expected whitespace between CSeq number and method');
  const method = c.token('CSeq method');
  c.expectEnd('CSeq');
  return { seq, method };
}

/** Max-Forwards = 1*DIGIT, 0 to 255 (§20.22; leading zeros allowed, RFC 4475 §3.1.1.1). */
export function parseMaxForwards(text: string): number {
  return wholeNumber(text, 255, 'Max-Forwards');
}

/** Beyond any message Hotline accepts; a larger Content-Length is malformed rather than large. */
export const MAX_CONTENT_LENGTH = 2 ** 31 - 1;

/**
 * Content-Length = 1*DIGIT (§20.14). The value is only a claim: callers compare it with the
 * bytes that arrived or with their limit, and never size a buffer from it.
 */
export function parseContentLength(text: string, max: number = MAX_CONTENT_LENGTH): number {
  return wholeNumber(text, max, 'Content-Length');
}

/** Expires = delta-seconds, 0 to 2**32 - 1 (§20.19). */
export function parseExpires(text: string): number {
  return wholeNumber(text, MAX_DELTA_SECONDS, 'Expires');
}

/** callid = word [ "@" word ] (§20.8). Returned as written. */
export function parseCallId(text: string): string {
  const value = trimWs(text);
  const at = value.indexOf('@');
  const wordsOk =
    at < 0
      ? allWord(value, 0, value.length)
      : allWord(value, 0, at) && allWord(value, at + 1, value.length) && value.indexOf('@', at + 1) < 0;
  if (!wordsOk) fail('Call-ID must be word ["@" word]');
  return value;
}

function allWord(s: string, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (!is(c, WORD)) return false;
  }
  return true;
}

/**
 * A comma-separated list of tokens: Allow (methods, §20.5), Supported, Require, Proxy-Require,
 * Unsupported (option-tags, §20.37, §20.32, §20.29, §20.40). Empty only where `allowEmpty`.
 */
export function parseTokenList(text: string, allowEmpty: boolean, what: string): string[] {
  const parts = text.split(',');
  if (parts.length === 1 && isBlank(text)) {
    if (!allowEmpty) fail(`${what} needs at least one value`);
    return [];
  }
  for (let i = 0; i < parts.length; i++) {
    const token = trimWs(parts[i]!);
    if (!allIn(token, TOKEN)) fail(`${what} must be a comma-separated list of tokens`);
    parts[i] = token;
  }
  return parts;
}

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isWs(s.charCodeAt(i))) return false;
  return true;
}

/** media-type = m-type SLASH m-subtype *(SEMI m-parameter) (§20.15). */
export interface MediaType {
  /** In lower case. */
  readonly type: string;
  /** In lower case. */
  readonly subtype: string;
  readonly params: readonly Param[];
}

export function parseMediaType(text: string): MediaType {
  const c = new Cursor(text);
  c.skipWs();
  const type = c.token('m-type').toLowerCase();
  c.expectSeparator(SLASH, '"/" in media type');
  const subtype = c.token('m-subtype').toLowerCase();
  const params = parseHeaderParams(c);
  for (const p of params) if (p.value === undefined) fail(`media type parameter ${p.name} needs a value`);
  c.expectEnd('the media type');
  return { type, subtype, params };
}

/** "type/subtype" of a media type. */
export function mediaTypeEssence(m: MediaType): string {
  return `${m.type}/${m.subtype}`;
}
