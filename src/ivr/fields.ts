/**
 * zod fields shared by module configs. `x-template` marks text where ${var} works and
 * `x-variable` a variable name, so the designer can offer the right editor; both reach the JSON
 * Schema through zod's metadata.
 */
import { z } from 'zod';
import { variableNameSchema } from './names.js';

export { variableNameSchema };

export function templateText(maxLength = 1000) {
  return z.string().max(maxLength).meta({ 'x-template': true });
}

/** A non-empty template (an id or number that may come from a variable). */
export function templateId(description: string) {
  return z.string().min(1).max(200).meta({ 'x-template': true, description });
}

export function seconds(min: number, max: number, fallback: number) {
  return z.number().min(min).max(max).default(fallback);
}

export function retries(fallback: number) {
  return z.number().int().min(0).max(5).default(fallback).describe('How many times to ask again');
}
