/**
 * Module definitions as data for the API, the designer and the docs: titles and help in English
 * and Chinese, the config's JSON Schema (from the same zod schema the engine parses with), and
 * the exits. Everything returned is plain JSON.
 */
import { z } from 'zod';
import {
  type ConfigExits,
  type ExitSpec,
  exitsOf,
  type Localized,
  type ModuleCategory,
  type ModuleDefinition,
} from './module.js';
import { defaultRegistry, type ModuleRegistry } from './modules/registry.js';

export interface ModuleDescription {
  type: string;
  category: ModuleCategory;
  title: Localized;
  help: Localized;
  /** JSON Schema (draft 2020-12) of the config as written (defaults may be left out). */
  configSchema: Record<string, unknown>;
  /**
   * Fixed exits, or exits from the config: `fromConfig` says how in words, `perItem` and `followedBy` are
   * the rule itself (see ConfigExits), for clients to compute a module's exits as the engine does.
   */
  exits:
    | { fixed: ExitSpec[] }
    | { fromConfig: Localized; perItem: ConfigExits['perItem']; followedBy: ExitSpec[] };
}

const cache = new WeakMap<ModuleRegistry, ModuleDescription[]>();

export function describeModules(registry: ModuleRegistry = defaultRegistry): ModuleDescription[] {
  let described = cache.get(registry);
  if (!described) {
    described = registry.all().map((d) => ({
      type: d.type,
      category: d.category,
      title: d.title,
      help: d.help,
      configSchema: z.toJSONSchema(d.config, { io: 'input', unrepresentable: 'any' }) as Record<
        string,
        unknown
      >,
      exits: exitsDescription(d),
    }));
    cache.set(registry, described);
  }
  return described;
}

function exitsDescription({ exits }: ModuleDefinition): ModuleDescription['exits'] {
  if (!('perItem' in exits)) return { fixed: [...exits] };
  const { list, name, label, required } = exits.perItem;
  return {
    fromConfig: exits.help,
    perItem: { list, name, ...(label === undefined ? {} : { label }), required },
    followedBy: [...exits.followedBy],
  };
}

export type ModuleExitsAnswer = { ok: true; exits: readonly ExitSpec[] } | { ok: false; reason: string };

/** The exits a module of that type has with that config (for the designer's ports). */
export function moduleExits(
  type: string,
  config: unknown,
  registry: ModuleRegistry = defaultRegistry,
): ModuleExitsAnswer {
  const definition = registry.get(type);
  if (!definition) return { ok: false, reason: `module type "${type}" is not installed` };
  const parsed = definition.config.safeParse(config);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues.map((i) => i.message).join('; ') };
  return { ok: true, exits: exitsOf(definition, parsed.data) };
}
