import { createContext, useContext } from 'react';
import type { JsonSchema } from '../../api/flow-types';

export type Path = ReadonlyArray<string | number>;

/** What every field of one module's form shares. */
export interface SchemaFormContextValue {
  root: JsonSchema;
  moduleType: string;
  /** Variables to suggest for x-variable and x-template fields. */
  variables: string[];
  /** Values to suggest for a property (skill groups for skillGroupId …). */
  suggestionsFor(key: string): string[] | undefined;
  /** The validator's messages for exactly this path inside config. */
  problemsAt(path: Path): string[];
  readOnly: boolean;
}

export const SchemaFormContext = createContext<SchemaFormContextValue | null>(null);

export function useSchemaForm(): SchemaFormContextValue {
  const v = useContext(SchemaFormContext);
  if (!v) throw new Error('useSchemaForm outside <SchemaFormContext>');
  return v;
}

export const pathKey = (path: Path) => path.join('.');
