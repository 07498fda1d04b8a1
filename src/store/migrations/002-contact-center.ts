import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.js';

/** The contact-center model: instances, numbers, skill groups, agents, prompts, integrations, flows. */
export function contactCenter(_dialect: DialectName): Migration {
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run on the untyped database
    async up(db: Kysely<any>) {
      const ts = (t: ReturnType<typeof db.schema.createTable>) =>
        t
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull());

      await ts(
        db.schema
          .createTable('instances')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('function_access_granted_at', 'text')
          .addColumn('function_access_granted_by', 'text')
          .addUniqueConstraint('instances_account_name', ['account_id', 'name']),
      ).execute();

      await ts(
        db.schema
          .createTable('skill_groups')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull())
          .addColumn('instance_id', 'text', (c) => c.notNull().references('instances.id').onDelete('cascade'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('ring_timeout_seconds', 'integer', (c) => c.notNull())
          .addColumn('after_call_work_seconds', 'integer', (c) => c.notNull())
          .addUniqueConstraint('skill_groups_instance_name', ['instance_id', 'name']),
      ).execute();

      await ts(
        db.schema
          .createTable('agents')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull())
          .addColumn('instance_id', 'text', (c) => c.notNull().references('instances.id').onDelete('cascade'))
          .addColumn('login_name', 'text', (c) => c.notNull())
          .addColumn('display_name', 'text', (c) => c.notNull())
          .addColumn('extension', 'text', (c) => c.notNull())
          .addUniqueConstraint('agents_instance_login', ['instance_id', 'login_name'])
          .addUniqueConstraint('agents_instance_extension', ['instance_id', 'extension']),
      ).execute();

      await db.schema
        .createTable('agent_skills')
        .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
        .addColumn('skill_group_id', 'text', (c) =>
          c.notNull().references('skill_groups.id').onDelete('cascade'),
        )
        .addColumn('level', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('agent_skills_pk', ['agent_id', 'skill_group_id'])
        .execute();

      await ts(
        db.schema
          .createTable('prompts')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull())
          .addColumn('instance_id', 'text', (c) => c.notNull().references('instances.id').onDelete('cascade'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('text', 'text')
          .addColumn('language', 'text')
          .addColumn('file', 'text')
          .addColumn('duration_ms', 'integer')
          .addColumn('source_format', 'text')
          .addUniqueConstraint('prompts_instance_name', ['instance_id', 'name']),
      ).execute();

      await ts(
        db.schema
          .createTable('integration_functions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull())
          .addColumn('instance_id', 'text', (c) => c.notNull().references('instances.id').onDelete('cascade'))
          .addColumn('region', 'text', (c) => c.notNull())
          .addColumn('service', 'text', (c) => c.notNull())
          .addColumn('function', 'text', (c) => c.notNull())
          .addColumn('version', 'integer')
          .addColumn('description', 'text', (c) => c.notNull().defaultTo('')),
      ).execute();

      await ts(
        db.schema
          .createTable('phone_numbers')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull())
          .addColumn('instance_id', 'text', (c) => c.notNull().references('instances.id').onDelete('cascade'))
          .addColumn('number', 'text', (c) => c.notNull().unique())
          .addColumn('flow_id', 'text')
          .addColumn('description', 'text', (c) => c.notNull().defaultTo('')),
      ).execute();

      await ts(
        db.schema
          .createTable('flows')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull())
          .addColumn('instance_id', 'text', (c) => c.notNull().references('instances.id').onDelete('cascade'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('draft', 'text', (c) => c.notNull())
          .addColumn('published_version', 'integer')
          .addUniqueConstraint('flows_instance_name', ['instance_id', 'name']),
      ).execute();

      await db.schema
        .createTable('flow_versions')
        .addColumn('flow_id', 'text', (c) => c.notNull().references('flows.id').onDelete('cascade'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('definition', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('published_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('flow_versions_pk', ['flow_id', 'version'])
        .execute();

      await ts(
        db.schema
          .createTable('flow_test_cases')
          .addColumn('flow_id', 'text', (c) => c.notNull().references('flows.id').onDelete('cascade'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('account_id', 'text', (c) => c.notNull())
          .addColumn('definition', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('flow_test_cases_pk', ['flow_id', 'name']),
      ).execute();

      await db.schema
        .createTable('calls')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('instance_id', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('flow_id', 'text')
        .addColumn('flow_version', 'integer')
        .addColumn('ani', 'text', (c) => c.notNull())
        .addColumn('dnis', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('answered_at', 'text')
        .addColumn('ended_at', 'text')
        .addColumn('disposition', 'text')
        .addColumn('outcome', 'text')
        .addColumn('trace', 'text')
        .addColumn('variables', 'text')
        .execute();
      await db.schema
        .createIndex('calls_by_instance')
        .on('calls')
        .columns(['instance_id', 'started_at'])
        .execute();
    },
  };
}
