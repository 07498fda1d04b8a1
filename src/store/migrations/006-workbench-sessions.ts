import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * The agent workbench's sign-in sessions, kept in the database so that a restart (an upgrade) does
 * not sign every agent out: their pages reconnect with the token they hold. Only the secret's
 * SHA-256 is stored. An agent or instance that is deleted takes its sessions with it.
 */
export function workbenchSessions(_dialect: DialectName): Migration {
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run on the untyped database
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('workbench_sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('instance_id', 'text', (c) => c.notNull().references('instances.id').onDelete('cascade'))
        .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
        .addColumn('instance_name', 'text', (c) => c.notNull())
        .addColumn('login_name', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('workbench_sessions_agent')
        .on('workbench_sessions')
        .column('agent_id')
        .execute();
    },
  };
}
