import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Every party a call talked to, in order (a JSON array): an agent who transfers the caller on
 * no longer hides who answered first. The agent columns keep naming the last one.
 */
export function callParties(_dialect: DialectName): Migration {
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run on the untyped database
    async up(db: Kysely<any>) {
      await db.schema.alterTable('calls').addColumn('parties', 'text').execute();
    },
  };
}
