import { allIn, DIGIT, HTAB, is, SP, TOKEN } from './chars.js';
import { fail } from './parse-errors.js';

/** A start line before its Request-URI is parsed. */
export type StartLine =
  | { readonly kind: 'request'; readonly method: string; readonly uriText: string }
  | { readonly kind: 'response'; readonly status: number; readonly reason: string };

/**
 * Request-Line = Method SP Request-URI SP SIP-Version (§7.1), with exactly one SP between the
 * elements (RFC 4475 §3.1.2.8 to §3.1.2.10 are refused), or
 * Status-Line = SIP-Version SP Status-Code SP Reason-Phrase (§7.2). A Status-Line without the
 * SP before an empty Reason-Phrase is tolerated.
 */
export function parseStartLine(line: string): StartLine {
  if (line.length >= 4 && line.slice(0, 4).toUpperCase() === 'SIP/') return parseStatusLine(line);
  return parseRequestLine(line);
}

function parseRequestLine(line: string): StartLine {
  const sp1 = line.indexOf(' ');
  const sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
  if (sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0 || line.indexOf('\t') >= 0) {
    fail('Request-Line must be Method SP Request-URI SP SIP-Version', 'BadStartLine');
  }
  if (!allIn(line, TOKEN, 0, sp1)) fail('Method must be a token', 'BadStartLine');
  if (sp2 === sp1 + 1) fail('empty Request-URI', 'BadStartLine');
  checkVersion(line.slice(sp2 + 1));
  return { kind: 'request', method: line.slice(0, sp1), uriText: line.slice(sp1 + 1, sp2) };
}

function parseStatusLine(line: string): StartLine {
  const sp = line.indexOf(' ');
  if (sp < 0) fail('Status-Line without Status-Code', 'BadStartLine');
  checkVersion(line.slice(0, sp));
  let i = sp + 1;
  let status = 0;
  while (i < line.length && is(line.charCodeAt(i), DIGIT) && i - sp <= 3) {
    status = status * 10 + (line.charCodeAt(i) - 0x30);
    i++;
  }
  if (i - sp - 1 !== 3 || (i < line.length && line.charCodeAt(i) !== SP)) {
    fail('Status-Code must be 3 digits', 'BadStatusCode');
  }
  if (status < 100 || status > 699) fail('Status-Code must be 100 to 699', 'BadStatusCode');
  const reason = line.slice(i + 1);
  for (let k = 0; k < reason.length; k++) {
    const c = reason.charCodeAt(k);
    if ((c < 0x20 && c !== HTAB) || c === 0x7f) fail('control character in Reason-Phrase', 'BadStartLine');
  }
  return { kind: 'response', status, reason };
}

/** SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT (§7.1); only 2.0 is spoken, 505 otherwise (§21.5.7). */
function checkVersion(version: string): void {
  const dot = version.indexOf('.');
  if (version.slice(0, 4).toUpperCase() !== 'SIP/' || dot < 5 || dot === version.length - 1) {
    fail(`bad SIP-Version "${version.slice(0, 16)}"`, 'BadStartLine');
  }
  if (!allIn(version, DIGIT, 4, dot) || !allIn(version, DIGIT, dot + 1)) {
    fail(`bad SIP-Version "${version.slice(0, 16)}"`, 'BadStartLine');
  }
  if (Number(version.slice(4, dot)) !== 2 || Number(version.slice(dot + 1)) !== 0) {
    fail(`SIP-Version ${version.slice(0, 16)} is not supported`, 'VersionNotSupported');
  }
}
