import { allIn, hasControl, TOKEN } from './chars.js';
import { canonicalHeaderName } from './headers.js';
import type { SipLimits } from './limits.js';
import { type FromTo, parseFromTo } from './name-addr.js';
import { SipSyntaxError } from './parse-errors.js';
import { type CSeq, parseCSeq } from './scalars.js';
import { parseVia, type Via } from './via.js';

/** A header value as it was read, and its parsed form when it parses. */
export interface Salvaged<T> {
  readonly value: string;
  readonly parsed: T | undefined;
}

/**
 * What could be read from a message the parser refused: enough to answer a request (§8.2.6
 * copies Via, From, To, Call-ID and CSeq) or to log it. Values containing control characters
 * are left out, so that nothing read here can inject a line into a response.
 */
export interface ParsePartial {
  /** From the start line: 'response' if it starts with "SIP/", 'request' if with a token. */
  readonly kind: 'request' | 'response' | undefined;
  /** The request method when the start line begins with a token. */
  readonly method: string | undefined;
  /** Every Via field value, in order, as written. */
  readonly via: readonly string[];
  /** The first Via value, when it parses (where a response would go, §18.2.2). */
  readonly topVia: Via | undefined;
  readonly from: Salvaged<FromTo> | undefined;
  readonly to: Salvaged<FromTo> | undefined;
  readonly callId: string | undefined;
  readonly cseq: Salvaged<CSeq> | undefined;
}

const WANTED = new Set(['Via', 'From', 'To', 'Call-ID', 'CSeq']);

/**
 * Reads a refused message leniently: lines may end in LF alone, bad lines are skipped, only the
 * first maxMessageBytes bytes and maxHeaderFields fields are looked at.
 */
export function salvage(buf: Buffer, limits: SipLimits): ParsePartial | undefined {
  const end = Math.min(buf.length, limits.maxMessageBytes);
  let start = 0;
  while (start + 1 < end && buf[start] === 0x0d && buf[start + 1] === 0x0a) start += 2;
  let headerEnd = buf.indexOf('\r\n\r\n', start, 'latin1');
  if (headerEnd < 0 || headerEnd > end) headerEnd = end;
  if (headerEnd <= start) return undefined;
  const lines = readLines(buf.toString('utf8', start, headerEnd), limits);
  const startLine = lines.shift();
  if (startLine === undefined) return undefined;
  const values = new Map<string, string[]>();
  for (const [name, value] of unfold(lines, limits)) {
    if (!WANTED.has(name) || hasControl(value)) continue;
    const list = values.get(name);
    if (list === undefined) values.set(name, [value]);
    else list.push(value);
  }
  const via = values.get('Via') ?? [];
  const first = (name: string) => values.get(name)?.[0];
  return {
    ...startKind(startLine),
    via,
    topVia: via[0] === undefined ? undefined : attempt(() => parseVia(via[0]!, limits.maxViaValues)[0]),
    from: withParsed(first('From'), (v) => parseFromTo(v, limits.maxUriLength)),
    to: withParsed(first('To'), (v) => parseFromTo(v, limits.maxUriLength)),
    callId: first('Call-ID'),
    cseq: withParsed(first('CSeq'), parseCSeq),
  };
}

function startKind(line: string): Pick<ParsePartial, 'kind' | 'method'> {
  if (line.slice(0, 4).toUpperCase() === 'SIP/') return { kind: 'response', method: undefined };
  const sp = line.indexOf(' ');
  const method = sp > 0 && allIn(line, TOKEN, 0, sp) ? line.slice(0, sp) : undefined;
  return { kind: method === undefined ? undefined : 'request', method };
}

/** Lines split on LF (a CR before it dropped), none longer than the limit, at most as many as fields allowed. */
function readLines(text: string, limits: SipLimits): string[] {
  const lines: string[] = [];
  let pos = 0;
  while (pos < text.length && lines.length <= limits.maxHeaderFields * 2) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    const line = text.slice(pos, eol > pos && text.charCodeAt(eol - 1) === 0x0d ? eol - 1 : eol);
    if (line.length <= limits.maxLineLength) lines.push(line);
    pos = eol + 1;
  }
  return lines;
}

/** [canonical name, unfolded value] of each header field, bad lines skipped. */
function* unfold(lines: readonly string[], limits: SipLimits): Generator<[string, string]> {
  let name: string | undefined;
  let value = '';
  for (const line of lines) {
    const c = line.charCodeAt(0);
    if (c === 0x20 || c === 0x09) {
      if (name !== undefined) value = `${value} ${line.trim()}`;
      continue;
    }
    if (name !== undefined && value.length <= limits.maxHeaderValueLength) yield [name, value.trim()];
    const colon = line.indexOf(':');
    const rawName = colon > 0 ? line.slice(0, colon).trim() : '';
    name = allIn(rawName, TOKEN) ? canonicalHeaderName(rawName) : undefined;
    value = line.slice(colon + 1);
  }
  if (name !== undefined && value.length <= limits.maxHeaderValueLength) yield [name, value.trim()];
}

function withParsed<T>(value: string | undefined, parse: (v: string) => T): Salvaged<T> | undefined {
  return value === undefined ? undefined : { value, parsed: attempt(() => parse(value)) };
}

/** The parsed value, or undefined when it does not parse (other errors propagate). */
function attempt<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch (err) {
    if (err instanceof SipSyntaxError) return undefined;
    throw err;
  }
}
