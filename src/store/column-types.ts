import type { DialectName } from './database.js';

/** Column types that differ between the two dialects. */
export function columnTypes(dialect: DialectName) {
  return {
    bytes: dialect === 'postgres' ? ('bytea' as const) : ('blob' as const),
    real: dialect === 'postgres' ? ('double precision' as const) : ('real' as const),
  };
}
