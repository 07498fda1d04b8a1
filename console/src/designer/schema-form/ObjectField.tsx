import type { JsonSchema } from '../../api/flow-types';
import { isObject } from '../schema';
import type { Path } from './context';
import { SchemaField } from './SchemaField';

/** The properties of an object, each drawn by its schema; `skip` leaves out a variant's discriminator. */
export function ObjectField({
  schema,
  value,
  onChange,
  path,
  skip,
}: {
  schema: JsonSchema;
  value: unknown;
  onChange(value: unknown): void;
  path: Path;
  skip?: string | undefined;
}) {
  const obj = isObject(value) ? value : {};
  const required = new Set(schema.required ?? []);
  const set = (key: string, v: unknown) => {
    const next = { ...obj };
    if (v === undefined) delete next[key];
    else next[key] = v;
    onChange(next);
  };
  return (
    <>
      {Object.entries(schema.properties ?? {})
        .filter(([key]) => key !== skip)
        .map(([key, prop]) => (
          <SchemaField
            key={key}
            name={key}
            schema={prop}
            value={obj[key]}
            onChange={(v) => set(key, v)}
            path={[...path, key]}
            required={required.has(key)}
          />
        ))}
    </>
  );
}
