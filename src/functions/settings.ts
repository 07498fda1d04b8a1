import { z } from 'zod';
import type { Config } from '../config/config.js';

const handlerPattern = /^[A-Za-z0-9_./-]+\.[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The fields of a function's settings with this installation's limits, without defaults. */
function settingFields(limits: Config['functions']) {
  return {
    description: z.string().max(256),
    runtime: z
      .enum(['nodejs20', 'python3'])
      .describe('nodejs20 runs JavaScript and TypeScript; python3 runs Python 3.'),
    handler: z
      .string()
      .max(128)
      .regex(handlerPattern, { message: "a handler is 'file.function', e.g. 'index.handler'" }),
    initializer: z
      .string()
      .max(128)
      .regex(handlerPattern, { message: "an initializer is 'file.function', e.g. 'index.initialize'" })
      .nullable(),
    timeoutSeconds: z.number().positive().max(limits.maxTimeoutSeconds),
    memoryMb: z.number().int().min(64).max(limits.maxMemoryMb),
    environmentVariables: z
      .record(
        z
          .string()
          .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, { message: 'a variable name is letters, digits and _' }),
        z.string().max(4096),
      )
      .refine((env) => JSON.stringify(env).length <= 16 * 1024, {
        message: 'environment variables exceed 16 KB in all',
      }),
  };
}

/** Settings when a function is created: what is not given takes its default. */
export function functionSettingsSchema(limits: Config['functions']) {
  const f = settingFields(limits);
  return z.strictObject({
    description: f.description.optional(),
    runtime: f.runtime,
    handler: f.handler.default('index.handler'),
    initializer: f.initializer.optional(),
    timeoutSeconds: f.timeoutSeconds.default(limits.defaultTimeoutSeconds),
    memoryMb: f.memoryMb.default(limits.defaultMemoryMb),
    environmentVariables: f.environmentVariables.default({}),
  });
}

/** Settings when a function is updated: only what is given changes. */
export function functionUpdateSchema(limits: Config['functions']) {
  const f = settingFields(limits);
  return z.strictObject({
    description: f.description.optional(),
    runtime: f.runtime.optional(),
    handler: f.handler.optional(),
    initializer: f.initializer.optional(),
    timeoutSeconds: f.timeoutSeconds.optional(),
    memoryMb: f.memoryMb.optional(),
    environmentVariables: f.environmentVariables.optional(),
  });
}

export type FunctionSettings = z.infer<ReturnType<typeof functionSettingsSchema>>;
export type FunctionSettingsUpdate = z.infer<ReturnType<typeof functionUpdateSchema>>;

/** Code as JSON: path → text, or {base64} for binary files. */
export const codeFilesSchema = z.record(
  z.string().min(1).max(255),
  z.union([z.string(), z.strictObject({ base64: z.string() })]),
);

export const codeInputSchema = z.union([
  z.strictObject({ files: codeFilesSchema }),
  z.strictObject({ zipBase64: z.string().min(1) }),
]);

export type CodeInput = z.infer<typeof codeInputSchema>;
