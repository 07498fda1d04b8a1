import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.js';

/** What a call record of a real call holds besides the flow's: SIP identity, how it ended, recordings. */
export function callRecords(_dialect: DialectName): Migration {
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run on the untyped database
    async up(db: Kysely<any>) {
      await db.schema.alterTable('calls').addColumn('sip_call_id', 'text').execute();
      await db.schema.alterTable('calls').addColumn('trunk', 'text').execute();
      await db.schema.alterTable('calls').addColumn('hangup_by', 'text').execute();
      await db.schema.alterTable('calls').addColumn('hangup_cause', 'text').execute();
      await db.schema.alterTable('calls').addColumn('recordings', 'text').execute();
      await db.schema.alterTable('calls').addColumn('media_stats', 'text').execute();
    },
  };
}
