/**
 * Variable names and the system variables every call has. Variables hold text; a name is a
 * letter or underscore followed by letters, digits or underscores (any script, so 地区 works).
 */
import { z } from 'zod';

export const SYSTEM_VARIABLES = ['ANI', 'DNIS', 'CallId', 'InstanceId', 'StartTime'] as const;
export type SystemVariableName = (typeof SYSTEM_VARIABLES)[number];
export type SystemVariables = Readonly<Record<SystemVariableName, string>>;

const systemNames: ReadonlySet<string> = new Set(SYSTEM_VARIABLES);

export function isSystemVariable(name: string): boolean {
  return systemNames.has(name);
}

/** Names starting with __ are refused so that no name can mean __proto__ anywhere. */
export const VARIABLE_NAME_PATTERN = /^(?!__)[\p{L}_][\p{L}\p{N}_]{0,63}$/u;

export function isVariableName(name: string): boolean {
  return VARIABLE_NAME_PATTERN.test(name);
}

/** A field that names a variable (the designer shows a variable picker for `x-variable`). */
export const variableNameSchema = z
  .string()
  .regex(
    VARIABLE_NAME_PATTERN,
    'a variable name is a letter or _ followed by letters, digits or _ (max 64, not starting with __)',
  )
  .meta({ 'x-variable': true });

/** Longest text a variable may hold; longer values are cut (and the trace says so). */
export const MAX_VARIABLE_LENGTH = 4096;
