/**
 * Turns what a function returned into variables: the output variable gets the text as is, and in
 * multi-parameter mode each mapped variable gets one key of the returned JSON object (strings as
 * they are, numbers and booleans as text, objects as JSON, null or missing as empty text).
 */
import { MAX_VARIABLE_LENGTH } from '../names.js';

export interface Mapping {
  variable: string;
  key: string;
}

export type Extraction =
  | { ok: true; vars: Record<string, string>; missingKeys: string[] }
  | { ok: false; reason: string };

export function extractVariables(
  value: string,
  outputVariable: string | undefined,
  mappings: readonly Mapping[] | undefined,
): Extraction {
  const vars: Record<string, string> = {};
  if (outputVariable !== undefined) vars[outputVariable] = value.slice(0, MAX_VARIABLE_LENGTH);
  const missingKeys: string[] = [];
  if (!mappings || mappings.length === 0) return { ok: true, vars, missingKeys };
  const object = parseObject(value);
  if (!object)
    return {
      ok: false,
      reason: 'multi-parameter mode needs a JSON object, the function returned something else',
    };
  for (const { variable, key } of mappings) {
    if (!Object.hasOwn(object, key)) missingKeys.push(key);
    vars[variable] = asText(Object.hasOwn(object, key) ? object[key] : undefined).slice(
      0,
      MAX_VARIABLE_LENGTH,
    );
  }
  return { ok: true, vars, missingKeys };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    // Not JSON at all: the caller reports "needs a JSON object".
    return undefined;
  }
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
