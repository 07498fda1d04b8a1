/**
 * The exits of a module with its config, from its definition as GET /v1/ivr/modules serves it:
 * fixed exits, or the rule for exits from the config (one exit per item of a config list, named by
 * one of the item's fields, then fixed ones), applied here the way the engine applies it
 * (exitsFromConfig in src/ivr/module.ts). The designer knows no module type by name.
 */
import type { ConfigExitRule, ExitSpec, ModuleDescription } from '../api/flow-types';
import { isObject } from './schema';

function fromConfig(rule: ConfigExitRule, config: Record<string, unknown>): ExitSpec[] {
  const { list, name, label, required } = rule.perItem;
  const items = config[list];
  const exits = new Map<string, ExitSpec>();
  for (const item of Array.isArray(items) ? items : []) {
    const exitName = isObject(item) ? item[name] : undefined;
    if (typeof exitName !== 'string' || exitName === '' || exits.has(exitName)) continue;
    const help = label !== undefined && isObject(item) ? item[label] : undefined;
    exits.set(exitName, {
      name: exitName,
      required,
      ...(typeof help === 'string' ? { help: { en: help, zh: help } } : {}),
    });
  }
  for (const exit of rule.followedBy) if (!exits.has(exit.name)) exits.set(exit.name, exit);
  return [...exits.values()];
}

/** Exits of the module; a type the server does not describe keeps the exits already connected. */
export function exitsFor(
  def: ModuleDescription | undefined,
  config: Record<string, unknown>,
  connected: string[] = [],
): ExitSpec[] {
  if (!def) return connected.map((name) => ({ name, required: false }));
  return 'fixed' in def.exits ? def.exits.fixed : fromConfig(def.exits, config);
}
