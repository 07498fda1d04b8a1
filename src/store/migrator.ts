import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { commonErrors } from '../shared/errors.js';
import type { DialectName } from './database.js';
import { foundation } from './migrations/001-foundation.js';
import { contactCenter } from './migrations/002-contact-center.js';
import { callRecords } from './migrations/003-call-records.js';
import { agentPhones } from './migrations/004-agent-phones.js';
import { sessions } from './migrations/005-sessions.js';
import { workbenchSessions } from './migrations/006-workbench-sessions.js';
import { callParties } from './migrations/007-call-parties.js';
import type { Database } from './schema.js';

/** Migrations in order. Each is written once for both dialects (see columnTypes). */
function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    '001-foundation': foundation(dialect),
    '002-contact-center': contactCenter(dialect),
    '003-call-records': callRecords(dialect),
    '004-agent-phones': agentPhones(dialect),
    '005-sessions': sessions(dialect),
    '006-workbench-sessions': workbenchSessions(dialect),
    '007-call-parties': callParties(dialect),
  };
}

export async function migrateToLatest(
  db: Kysely<Database>,
  dialect: DialectName,
  schema?: string,
): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  const migrator = new Migrator({
    db,
    provider,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw commonErrors.Internal(`database migration ${failed} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
