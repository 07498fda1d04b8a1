/**
 * Reading the module config schemas (JSON Schema from the API's zod definitions): references,
 * oneOf variants and their discriminator, and the value a new field starts with.
 */
import type { JsonSchema } from '../api/flow-types';

export function deref(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (!ref) return schema;
  const name = ref.startsWith('#/$defs/') ? ref.slice('#/$defs/'.length) : undefined;
  return (name !== undefined ? root.$defs?.[name] : undefined) ?? {};
}

export function variantsOf(schema: JsonSchema): JsonSchema[] | undefined {
  return schema.oneOf ?? schema.anyOf;
}

/** The values a variant allows for a property (const or enum). */
function allowed(
  schema: JsonSchema | undefined,
): ReadonlyArray<string | number | boolean | null> | undefined {
  if (!schema) return undefined;
  if (schema.const !== undefined) return [schema.const];
  return schema.enum;
}

/** A property every variant has as a const or enum: it tells the variants apart (kind, operator). */
export function discriminatorOf(variants: JsonSchema[], root: JsonSchema): string | undefined {
  const first = deref(variants[0] ?? {}, root);
  for (const key of Object.keys(first.properties ?? {})) {
    if (variants.every((v) => allowed(deref(v, root).properties?.[key]) !== undefined)) return key;
  }
  return undefined;
}

/** Every discriminator value with the variant it selects, in order. */
export function discriminatorValues(
  variants: JsonSchema[],
  key: string,
  root: JsonSchema,
): { value: string; variant: number }[] {
  const out: { value: string; variant: number }[] = [];
  variants.forEach((v, i) => {
    for (const value of allowed(deref(v, root).properties?.[key]) ?? [])
      out.push({ value: String(value), variant: i });
  });
  return out;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Which variant a value is (by its discriminator, else the first whose required keys it has). */
export function matchVariant(variants: JsonSchema[], value: unknown, root: JsonSchema): number {
  if (!isObject(value)) return -1;
  const key = discriminatorOf(variants, root);
  if (key !== undefined) {
    const hit = discriminatorValues(variants, key, root).find((d) => d.value === String(value[key]));
    if (hit) return hit.variant;
  }
  const i = variants.findIndex((v) => (deref(v, root).required ?? []).every((r) => r in value));
  return i;
}

/** The value a new field starts with: only what is required, from consts, enums and minimum sizes. */
export function initialValue(input: JsonSchema, root: JsonSchema): unknown {
  const schema = deref(input, root);
  if (schema.const !== undefined) return schema.const;
  const variants = variantsOf(schema);
  if (variants?.[0]) return initialValue(variants[0], root);
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) {
        const prop = schema.properties?.[key];
        if (prop) out[key] = initialValue(prop, root);
      }
      return out;
    }
    case 'array': {
      const n = schema.minItems ?? 0;
      return Array.from({ length: n }, () => (schema.items ? initialValue(schema.items, root) : ''));
    }
    case 'string':
      return schema.enum?.[0] ?? (typeof schema.default === 'string' ? schema.default : '');
    case 'number':
    case 'integer':
      return typeof schema.default === 'number' ? schema.default : (schema.minimum ?? 0);
    case 'boolean':
      return typeof schema.default === 'boolean' ? schema.default : false;
    default:
      return undefined;
  }
}

/** Calls visit for every string value of a field marked x-variable (variables a flow names). */
export function forEachVariableField(
  value: unknown,
  input: JsonSchema,
  root: JsonSchema,
  visit: (name: string) => void,
): void {
  const schema = deref(input, root);
  if (schema['x-variable'] && typeof value === 'string' && value) visit(value);
  const variants = variantsOf(schema);
  if (variants) {
    const v = variants[matchVariant(variants, value, root)];
    if (v) forEachVariableField(value, v, root, visit);
    return;
  }
  if (Array.isArray(value) && schema.items) {
    for (const item of value) forEachVariableField(item, schema.items, root, visit);
  } else if (isObject(value) && schema.properties) {
    for (const [key, prop] of Object.entries(schema.properties))
      forEachVariableField(value[key], prop, root, visit);
  }
}
