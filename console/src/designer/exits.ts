/**
 * The exits of a module with its config. Fixed exits come from the definition; exits that depend
 * on the config mirror the engine's rule (src/ivr/modules/menu.ts and condition.ts, exits()):
 * menu → one per key, then timeout and invalid; condition → one per rule name, then default.
 * (The API has no endpoint for moduleExits() yet; this is the one place that mirrors it.)
 */
import type { ExitSpec, ModuleDescription } from '../api/flow-types';
import { isObject } from './schema';

function listOf(config: Record<string, unknown>, key: string, field: string): string[] {
  const list = config[key];
  if (!Array.isArray(list)) return [];
  return list.flatMap((item) => {
    const v = isObject(item) ? item[field] : undefined;
    return typeof v === 'string' && v !== '' ? [v] : [];
  });
}

const CONFIG_EXITS: Record<string, (config: Record<string, unknown>) => ExitSpec[]> = {
  menu: (c) => [
    ...listOf(c, 'keys', 'key').map((name) => ({ name, required: true })),
    { name: 'timeout', required: false },
    { name: 'invalid', required: false },
  ],
  condition: (c) => [
    ...listOf(c, 'rules', 'name').map((name) => ({ name, required: true })),
    { name: 'default', required: true },
  ],
};

/** Exits of the module; unknown config-based types keep the exits already connected. */
export function exitsFor(
  def: ModuleDescription | undefined,
  config: Record<string, unknown>,
  connected: string[] = [],
): ExitSpec[] {
  if (!def) return connected.map((name) => ({ name, required: false }));
  if ('fixed' in def.exits) return def.exits.fixed;
  const rule = CONFIG_EXITS[def.type];
  const exits = rule ? rule(config) : connected.map((name) => ({ name, required: false }));
  const byName = new Map<string, ExitSpec>();
  for (const e of exits) if (!byName.has(e.name)) byName.set(e.name, e);
  return [...byName.values()];
}
