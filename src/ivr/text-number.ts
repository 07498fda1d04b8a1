/** Variables are text; these helpers read and write the numbers some of them hold. */

const NUMBER_PATTERN = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** The number the text spells (decimal only: no hex, no Infinity), or undefined. */
export function parseNumber(text: string): number | undefined {
  if (text.length > 64 || !NUMBER_PATTERN.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Integers print as integers; fractions lose binary noise (0.1 + 0.2 prints 0.3). */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(12)));
}
