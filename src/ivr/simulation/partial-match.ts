/** Compares what a test case expects with what happened: only the keys the case names count. */

export interface Difference {
  /** e.g. "outcome.skillGroup". */
  path: string;
  expected: unknown;
  actual: unknown;
}

export function partialDiff(
  expected: unknown,
  actual: unknown,
  path: string,
  into: Difference[] = [],
): Difference[] {
  if (isRecord(expected)) {
    if (!isRecord(actual)) {
      into.push({ path, expected, actual });
      return into;
    }
    for (const [key, value] of Object.entries(expected)) {
      partialDiff(
        value,
        Object.hasOwn(actual, key) ? actual[key] : undefined,
        path ? `${path}.${key}` : key,
        into,
      );
    }
    return into;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) into.push({ path, expected, actual });
    else {
      expected.forEach((value, i) => {
        partialDiff(value, actual[i], `${path}[${i}]`, into);
      });
    }
    return into;
  }
  if (!Object.is(expected, actual)) into.push({ path, expected, actual });
  return into;
}

/** True when `wanted` appears in `seen` in this order (other items may come between). */
export function isSubsequence(wanted: readonly string[], seen: readonly string[]): boolean {
  let i = 0;
  for (const item of seen) if (item === wanted[i]) i++;
  return i === wanted.length;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
