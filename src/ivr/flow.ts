/**
 * The flow document: a graph of modules as stored (JSON) and imported (JSON or YAML). Only the
 * shape is checked here; each module's `config` is checked by its definition (module.ts) when the
 * flow is validated or compiled.
 */
import { z } from 'zod';
import { variableNameSchema } from './names.js';

export const moduleIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\p{L}\p{N}_.:-]+$/u, 'a module id uses letters, digits, _ . : -');

export const variableDeclarationSchema = z.strictObject({
  name: variableNameSchema,
  description: z.string().max(500).optional(),
  /** Value at the start of the call (text; no template). */
  initial: z.string().max(4096).optional(),
});

export const flowModuleSchema = z.strictObject({
  id: moduleIdSchema,
  type: z.string().min(1).max(64),
  name: z.string().max(200).optional(),
  config: z.record(z.string(), z.unknown()).default({}),
  /** Exit name → id of the module the call goes to next. */
  exits: z.record(z.string(), moduleIdSchema).default({}),
  position: z.strictObject({ x: z.number(), y: z.number() }).optional(),
});

export const flowDocumentSchema = z.strictObject({
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  /** Defaults to the one module of type `start`. */
  startModuleId: moduleIdSchema.optional(),
  /**
   * Where the call goes when a module fails, an exit is not connected or the step limit is hit
   * (e.g. a transfer to a human group). Without it such a call is hung up; the trace says why.
   */
  fallbackModuleId: moduleIdSchema.optional(),
  /** Custom variables (shown on the start module's panel); system variables are implicit. */
  variables: z.array(variableDeclarationSchema).max(500).default([]),
  modules: z.array(flowModuleSchema).min(1).max(2000),
  /** Free-form data kept for the designer (zoom, notes); ignored by the engine. */
  meta: z.record(z.string(), z.unknown()).optional(),
});

export type FlowDocument = z.output<typeof flowDocumentSchema>;
/** The document as written by hand (defaults may be missing). */
export type FlowDocumentInput = z.input<typeof flowDocumentSchema>;
export type FlowModule = FlowDocument['modules'][number];
export type VariableDeclaration = z.output<typeof variableDeclarationSchema>;
