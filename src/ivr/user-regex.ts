/**
 * Regular expressions written by flow authors (condition `matches`, collect `pattern`). They run
 * on the call-control event loop, so besides compiling them we refuse the shapes that backtrack
 * catastrophically (a quantified group that itself contains a quantifier, such as `(a+)+`), bound
 * their length, and only ever match them against bounded input.
 */

export const MAX_PATTERN_LENGTH = 200;
/** Input longer than this is cut before matching. */
export const MAX_MATCH_INPUT = 1000;

export type RegexCheck = { ok: true; regex: RegExp } | { ok: false; reason: string };

const cache = new Map<string, RegexCheck>();

export function checkUserRegex(pattern: string, ignoreCase = false): RegexCheck {
  const key = (ignoreCase ? 'i:' : 's:') + pattern;
  const hit = cache.get(key);
  if (hit) return hit;
  const check = compile(pattern, ignoreCase ? 'iu' : 'u');
  if (cache.size >= 5000) cache.clear();
  cache.set(key, check);
  return check;
}

/** True when the pattern is valid and matches the (bounded) text; invalid patterns never match. */
export function matchesUserRegex(pattern: string, text: string, ignoreCase = false): boolean {
  const check = checkUserRegex(pattern, ignoreCase);
  return check.ok && check.regex.test(text.length > MAX_MATCH_INPUT ? text.slice(0, MAX_MATCH_INPUT) : text);
}

function compile(pattern: string, flags: string): RegexCheck {
  if (pattern.length > MAX_PATTERN_LENGTH)
    return { ok: false, reason: `longer than ${MAX_PATTERN_LENGTH} characters` };
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, flags);
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
  if (/\\[1-9]|\\k</.test(pattern)) return { ok: false, reason: 'back-references are not allowed' };
  if (hasNestedQuantifier(pattern)) {
    return {
      ok: false,
      reason: 'a repeated group contains a repetition (e.g. (a+)+), which can take exponential time',
    };
  }
  return { ok: true, regex };
}

/** Finds a group that contains a quantifier and is itself followed by a quantifier. */
function hasNestedQuantifier(pattern: string): boolean {
  const groupHasQuantifier: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '(') groupHasQuantifier.push(false);
    else if (ch === ')') {
      const inner = groupHasQuantifier.pop() ?? false;
      const quantified = isQuantifier(pattern, i + 1);
      if (inner && quantified) return true;
      if (inner || quantified) markEnclosing(groupHasQuantifier);
    } else if (isQuantifier(pattern, i)) markEnclosing(groupHasQuantifier);
  }
  return false;
}

function isQuantifier(pattern: string, i: number): boolean {
  const ch = pattern[i];
  if (ch === '*' || ch === '+') return true;
  if (ch !== '{') return false;
  return (
    /^\{\d+(,\d*)?\}/.test(pattern.slice(i, i + 12)) && !/^\{(\d+)(,\1)?\}/.test(pattern.slice(i, i + 12))
  );
}

function markEnclosing(stack: boolean[]): void {
  if (stack.length > 0) stack[stack.length - 1] = true;
}
