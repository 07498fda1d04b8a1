import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Agents' phones and bridged calls: agents' credentials (SIP digest and workbench sign-in), the
 * registrar's bindings, per-instance call policy (recording, outbound numbers), and what a call
 * record says about the agent who took the call.
 */
export function agentPhones(_dialect: DialectName): Migration {
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run on the untyped database
    async up(db: Kysely<any>) {
      await db.schema.alterTable('agents').addColumn('sip_username', 'text').execute();
      await db.schema.alterTable('agents').addColumn('password_hash', 'text').execute();
      await db.schema.alterTable('agents').addColumn('sip_realm', 'text').execute();
      await db.schema.alterTable('agents').addColumn('sip_ha1_md5', 'text').execute();
      await db.schema.alterTable('agents').addColumn('sip_ha1_sha256', 'text').execute();
      await db.schema
        .createIndex('agents_sip_username')
        .unique()
        .on('agents')
        .column('sip_username')
        .execute();

      await db.schema
        .createTable('sip_bindings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
        .addColumn('contact', 'text', (c) => c.notNull())
        .addColumn('received', 'text', (c) => c.notNull())
        .addColumn('call_id', 'text', (c) => c.notNull())
        .addColumn('cseq', 'integer', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('user_agent', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('sip_bindings_agent_contact', ['agent_id', 'contact'])
        .execute();

      await db.schema
        .alterTable('instances')
        .addColumn('record_calls', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('instances')
        .addColumn('outbound_allow', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
      await db.schema
        .alterTable('instances')
        .addColumn('max_outbound_calls', 'integer', (c) => c.notNull().defaultTo(10))
        .execute();

      await db.schema.alterTable('calls').addColumn('skill_group', 'text').execute();
      await db.schema.alterTable('calls').addColumn('agent', 'text').execute();
      await db.schema.alterTable('calls').addColumn('queue_ms', 'integer').execute();
      await db.schema.alterTable('calls').addColumn('ring_attempts', 'integer').execute();
      await db.schema.alterTable('calls').addColumn('agent_answered_at', 'text').execute();
      await db.schema.alterTable('calls').addColumn('talk_ms', 'integer').execute();
    },
  };
}
