/** One line that says what a module does, for its node on the canvas. */
import type { FunctionEntry } from '../api/types';
import { isObject } from './schema';

export function entryLabel(entry: FunctionEntry): string {
  return `${entry.service}/${entry.function}`;
}

/** The entry a function module's `function` field names (by id, or by region/service/function). */
export function findEntry(ref: unknown, entries: FunctionEntry[]): FunctionEntry | undefined {
  if (!isObject(ref)) return undefined;
  if (typeof ref['entryId'] === 'string') return entries.find((e) => e.id === ref['entryId']);
  return entries.find(
    (e) =>
      e.service === ref['service'] &&
      e.function === ref['function'] &&
      (ref['region'] === undefined || e.region === ref['region']),
  );
}

const KEYS = ['skillGroupId', 'agentId', 'number', 'flowId', 'mailbox', 'text', 'promptId'];

function firstText(value: unknown, depth = 0): string | undefined {
  if (!isObject(value) || depth > 2) return undefined;
  for (const key of KEYS) if (typeof value[key] === 'string' && value[key]) return value[key];
  for (const v of Object.values(value)) {
    const hit = firstText(v, depth + 1);
    if (hit) return hit;
  }
  return undefined;
}

export function moduleSummary(
  type: string,
  config: Record<string, unknown>,
  entries: FunctionEntry[],
): string {
  if (type === 'function') {
    const ref = config['function'];
    const entry = findEntry(ref, entries);
    const out = typeof config['outputVariable'] === 'string' ? ` → ${config['outputVariable']}` : '';
    if (entry) return `${entryLabel(entry)}${out}`;
    if (isObject(ref) && typeof ref['function'] === 'string')
      return `${ref['service']}/${ref['function']}${out}`;
    return '';
  }
  return firstText(config) ?? '';
}
