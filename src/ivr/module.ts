/**
 * The contract of a module type. One definition per type (modules/<type>.ts) serves the
 * validator (config schema, exits, inspect), the engine (run), the API and the designer
 * (describeModules(): titles, help, JSON Schema of the config). The engine never names a type.
 */
import type { z } from 'zod';
import type { Clock } from '../shared/clock.js';
import type { ModuleEnd } from './outcome.js';
import type { CallChannel, FunctionCaller, FunctionEntryRef } from './ports.js';
import type { FlowProblemCode } from './problem.js';

export interface Localized {
  en: string;
  zh: string;
}

export type ModuleCategory = 'flow' | 'media' | 'logic' | 'integration' | 'transfer';

export interface ExitSpec {
  name: string;
  /** A required exit that is not connected makes the flow invalid. */
  required: boolean;
  /** When this exit is not connected, take that one instead (e.g. timeout → failure). */
  otherwise?: string | undefined;
  help?: Localized | undefined;
}

/**
 * Exits that depend on the config (menu keys, condition rules), as data rather than code, so that
 * the engine, the validator and every client (the designer, over GET /v1/ivr/modules) compute them
 * the same way with exitsFromConfig(): one exit per item of the list `config[perItem.list]`, named
 * by the item's `perItem.name` field (its help from `perItem.label`), then the exits of `followedBy`.
 */
export interface ConfigExits {
  perItem: {
    /** A list field of the config (test/ivr/describe.test.ts checks it against the config schema). */
    list: string;
    name: string;
    label?: string | undefined;
    required: boolean;
  };
  followedBy: readonly ExitSpec[];
  help: Localized;
}

export type ConfigPath = ReadonlyArray<string | number>;

/** What a module reads, writes and refers to, for the validator. Paths are inside `config`. */
export interface ModuleFacts {
  /** Text fields that accept ${var} templates. */
  templates?: ReadonlyArray<{ path: ConfigPath; text: string }>;
  /** Variables read by name (condition operands, expressions). */
  reads?: ReadonlyArray<{ path: ConfigPath; name: string }>;
  /** Variables the module sets. */
  writes?: ReadonlyArray<{ path: ConfigPath; name: string }>;
  /** Other things the module names, checked against the validation context. */
  uses?: ReadonlyArray<ResourceUse>;
  /** Checks only this module type knows (duplicate keys, regexes, expressions). */
  problems?: ReadonlyArray<{ code: FlowProblemCode; path: ConfigPath; message: string }>;
}

/** One entry of a ModuleFacts list, for building the lists in inspect(). */
export type Fact<K extends keyof ModuleFacts> = NonNullable<ModuleFacts[K]>[number];

export type ResourceUse =
  | { kind: 'skillGroup' | 'agent' | 'prompt' | 'mailbox' | 'subflow'; id: string; path: ConfigPath }
  | { kind: 'functionEntry'; ref: FunctionEntryRef; path: ConfigPath };

/** What the engine hands a running module. */
export interface ModuleContext {
  readonly moduleId: string;
  readonly channel: CallChannel;
  readonly functions: FunctionCaller;
  readonly clock: Clock;
  /** A variable's value ('' when not set). */
  get(name: string): string;
  /** Renders a ${var} template against the call's variables. */
  render(template: string): string;
}

/** Anything a step wants the trace to show (the function module fills `function`). */
export interface StepDetail {
  readonly function?: FunctionStepDetail;
  readonly [key: string]: unknown;
}

export interface FunctionStepDetail {
  /** `entry:<id>` or `region/service/function`. */
  entry: string;
  event: Readonly<Record<string, string>>;
  requestId?: string | undefined;
  durationMs?: number | undefined;
  result?: string | null | undefined;
  error?: { type: string; message: string } | undefined;
  logTail?: string | undefined;
}

interface ResultCommon {
  /** Variables to set (the trace records the ones that changed). */
  vars?: Readonly<Record<string, string>> | undefined;
  detail?: StepDetail | undefined;
}

export type ModuleResult = ResultCommon &
  (
    | { exit: string }
    /** Ends the call: transferred, voicemail, or hung up by the flow. */
    | { end: ModuleEnd }
    /** Runs another flow; when it returns, the call leaves this module by `exit`. */
    | { enterFlow: { flowId: string; exit: string; failureExit: string } }
    /** Ends the current subflow. */
    | { returnFromFlow: true }
  );

/**
 * The definition of a module type. Methods (not function-valued fields) so that a definition for
 * a specific config type can sit in a registry of definitions: the engine only ever passes a
 * module the config its own schema produced.
 */
export interface ModuleDefinition<C = unknown> {
  readonly type: string;
  readonly category: ModuleCategory;
  readonly title: Localized;
  readonly help: Localized;
  /** A zod schema without transforms (so it has a JSON Schema). */
  readonly config: z.ZodType<C>;
  readonly exits: readonly ExitSpec[] | ConfigExits;
  inspect?(config: C): ModuleFacts;
  run(ctx: ModuleContext, config: C, signal: AbortSignal): Promise<ModuleResult>;
}

/** Checks a definition against its own config type, then widens it for the registry. */
export function defineModule<C>(definition: ModuleDefinition<C>): ModuleDefinition {
  return definition;
}

export function exitsOf(definition: ModuleDefinition, config: unknown): readonly ExitSpec[] {
  const { exits } = definition;
  return 'perItem' in exits ? exitsFromConfig(exits, config) : exits;
}

/**
 * The exits a ConfigExits rule gives a config. It reads the config as plain data and skips items
 * without a name, so it also answers for a config being edited; a name that repeats keeps its first
 * exit (the validator reports the repeat).
 */
export function exitsFromConfig(
  rule: Pick<ConfigExits, 'perItem' | 'followedBy'>,
  config: unknown,
): ExitSpec[] {
  const { list, name, label, required } = rule.perItem;
  const items = isRecord(config) ? config[list] : undefined;
  const exits = new Map<string, ExitSpec>();
  for (const item of Array.isArray(items) ? items : []) {
    const exitName = isRecord(item) ? item[name] : undefined;
    if (typeof exitName !== 'string' || exitName === '' || exits.has(exitName)) continue;
    const help = label !== undefined && isRecord(item) ? item[label] : undefined;
    exits.set(exitName, {
      name: exitName,
      required,
      ...(typeof help === 'string' ? { help: { en: help, zh: help } } : {}),
    });
  }
  for (const exit of rule.followedBy) if (!exits.has(exit.name)) exits.set(exit.name, exit);
  return [...exits.values()];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
