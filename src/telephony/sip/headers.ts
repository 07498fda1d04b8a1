import type { HeaderField } from './message.js';

/**
 * Header field names known to Hotline: the canonical spelling of each and its compact form
 * (RFC 3261 §7.3.3 and the IANA "Header Fields" registry). Names are case-insensitive (§7.3.1);
 * the parser stores every known header under its canonical long name, so code looks up
 * 'Call-ID', never 'i' or 'call-id'. Unknown headers keep the name as received.
 */
const KNOWN: readonly (readonly [name: string, compact?: string])[] = [
  ['Accept'],
  ['Accept-Contact', 'a'],
  ['Accept-Encoding'],
  ['Accept-Language'],
  ['Alert-Info'],
  ['Allow'],
  ['Allow-Events', 'u'],
  ['Authentication-Info'],
  ['Authorization'],
  ['Call-ID', 'i'],
  ['Call-Info'],
  ['Contact', 'm'],
  ['Content-Disposition'],
  ['Content-Encoding', 'e'],
  ['Content-Language'],
  ['Content-Length', 'l'],
  ['Content-Type', 'c'],
  ['CSeq'],
  ['Date'],
  ['Error-Info'],
  ['Event', 'o'],
  ['Expires'],
  ['From', 'f'],
  ['Identity', 'y'],
  ['Identity-Info', 'n'],
  ['In-Reply-To'],
  ['Max-Forwards'],
  ['MIME-Version'],
  ['Min-Expires'],
  ['Min-SE'],
  ['Organization'],
  ['P-Asserted-Identity'],
  ['P-Preferred-Identity'],
  ['Path'],
  ['Priority'],
  ['Privacy'],
  ['Proxy-Authenticate'],
  ['Proxy-Authorization'],
  ['Proxy-Require'],
  ['RAck'],
  ['Reason'],
  ['Record-Route'],
  ['Refer-To', 'r'],
  ['Referred-By', 'b'],
  ['Reject-Contact', 'j'],
  ['Replaces'],
  ['Reply-To'],
  ['Request-Disposition', 'd'],
  ['Require'],
  ['Retry-After'],
  ['Route'],
  ['RSeq'],
  ['Server'],
  ['Session-Expires', 'x'],
  ['Subject', 's'],
  ['Subscription-State'],
  ['Supported', 'k'],
  ['Timestamp'],
  ['To', 't'],
  ['Unsupported'],
  ['User-Agent'],
  ['Via', 'v'],
  ['Warning'],
  ['WWW-Authenticate'],
];

/** Spelling as written → canonical name; exact spellings first, then the lower-case fallback. */
const exact = new Map<string, string>();
const lower = new Map<string, string>();
for (const [name, compact] of KNOWN) {
  exact.set(name, name);
  lower.set(name.toLowerCase(), name);
  if (compact !== undefined) {
    exact.set(compact, name);
    exact.set(compact.toUpperCase(), name);
    lower.set(compact, name);
  }
}

/** The canonical name of a header field name as written (compact forms expanded). */
export function canonicalHeaderName(name: string): string {
  return exact.get(name) ?? lower.get(name.toLowerCase()) ?? name;
}

/**
 * Known names bucketed by length, first and last letter (lower case), so that the parser can
 * recognise a name in place, without slicing it out of the message or hashing it.
 */
const buckets = new Map<number, string[]>();
for (const [spelling, name] of lower) {
  const key = bucketKey(spelling.length, spelling.charCodeAt(0), spelling.charCodeAt(spelling.length - 1));
  const bucket = buckets.get(key);
  if (bucket === undefined) buckets.set(key, [spelling, name]);
  else bucket.push(spelling, name);
}

function bucketKey(length: number, first: number, last: number): number {
  return (length << 16) | ((first | 0x20) << 8) | (last | 0x20);
}

/** The canonical name of text[start, end) if it is a known name or compact form, else undefined. */
export function knownHeaderName(text: string, start: number, end: number): string | undefined {
  const bucket = buckets.get(bucketKey(end - start, text.charCodeAt(start), text.charCodeAt(end - 1)));
  if (bucket === undefined) return undefined;
  for (let b = 0; b < bucket.length; b += 2) {
    const spelling = bucket[b]!;
    let i = 0;
    // Header names are tokens, so OR-ing 0x20 lower-cases letters and leaves "-", "." and digits alone.
    while (i < spelling.length && (text.charCodeAt(start + i) | 0x20) === spelling.charCodeAt(i)) i++;
    if (i === spelling.length) return bucket[b + 1];
  }
  return undefined;
}

/** The compact form of a canonical name, if it has one (for senders that must save bytes, §7.3.3). */
export function compactHeaderName(name: string): string | undefined {
  const canonical = canonicalHeaderName(name);
  for (const [known, compact] of KNOWN) if (known === canonical) return compact;
  return undefined;
}

/** A test for "this field has that name": exact for known names, case-insensitive for the rest. */
function nameMatcher(name: string): (field: HeaderField) => boolean {
  const canonical = canonicalHeaderName(name);
  if (exact.has(canonical)) return (field) => field.name === canonical;
  const wanted = canonical.toLowerCase();
  return (field) => field.name.length === wanted.length && field.name.toLowerCase() === wanted;
}

/** Values of every field of that name, in order (a field may itself hold a comma-separated list). */
export function headerValues(message: { readonly headers: readonly HeaderField[] }, name: string): string[] {
  const matches = nameMatcher(name);
  const values: string[] = [];
  for (const h of message.headers) if (matches(h)) values.push(h.value);
  return values;
}

/** Value of the first field of that name. */
export function headerValue(
  message: { readonly headers: readonly HeaderField[] },
  name: string,
): string | undefined {
  const matches = nameMatcher(name);
  for (const h of message.headers) if (matches(h)) return h.value;
  return undefined;
}
