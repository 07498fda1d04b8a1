import type { Kysely } from 'kysely';
import type { Clock } from '../shared/clock.js';
import { commonErrors } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { preparedQuery } from '../store/prepared-query.js';
import type { Database, PhoneNumbersTable } from '../store/schema.js';
import { contactCenterErrors } from './errors.js';
import type { Instances } from './instances.js';

export interface PhoneNumberView {
  id: string;
  number: string;
  /** The flow calls to this number run (its published version at the time of the call). */
  flow: string | null;
  description: string;
  createdAt: string;
  updatedAt: string;
}

export type PhoneNumbers = ReturnType<typeof createPhoneNumbers>;

/** Phone numbers: each belongs to one instance and runs one flow. Numbers are unique system-wide. */
export function createPhoneNumbers(deps: { db: Kysely<Database>; clock: Clock; instances: Instances }) {
  const { db, clock, instances } = deps;
  const now = () => new Date(clock.now()).toISOString();
  // Every INVITE asks: a prepared lookup.
  const routeQuery = preparedQuery<PhoneNumbersTable, [string]>(db, (arg) =>
    db.selectFrom('phone_numbers').selectAll().where('number', '=', arg(0)),
  );

  async function flowNames(ids: (string | null)[]): Promise<Map<string, string>> {
    const wanted = ids.filter((i): i is string => i !== null);
    if (wanted.length === 0) return new Map();
    const rows = await db.selectFrom('flows').select(['id', 'name']).where('id', 'in', wanted).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  function view(r: PhoneNumbersTable, flows: Map<string, string>): PhoneNumberView {
    return {
      id: r.id,
      number: r.number,
      flow: r.flow_id ? (flows.get(r.flow_id) ?? null) : null,
      description: r.description,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }

  async function flowId(
    instanceId: string,
    flow: string | null | undefined,
  ): Promise<string | null | undefined> {
    if (flow === undefined || flow === null) return flow;
    const row = await db
      .selectFrom('flows')
      .select(['id', 'published_version'])
      .where('instance_id', '=', instanceId)
      .where('name', '=', flow)
      .executeTakeFirst();
    if (!row) throw commonErrors.NotFound(`flow '${flow}' does not exist`);
    if (row.published_version === null) {
      throw commonErrors.Conflict(
        `flow '${flow}' has not been published yet: publish it before binding a number to it`,
      );
    }
    return row.id;
  }

  async function find(instanceId: string, number: string): Promise<PhoneNumbersTable> {
    const row = await db
      .selectFrom('phone_numbers')
      .selectAll()
      .where('instance_id', '=', instanceId)
      .where('number', '=', number)
      .executeTakeFirst();
    if (!row)
      throw contactCenterErrors.PhoneNumberNotFound(`number ${number} does not belong to this instance`);
    return row;
  }

  return {
    async add(
      accountId: string,
      instanceName: string,
      input: { number: string; flow?: string | null | undefined; description?: string | undefined },
    ) {
      const inst = await instances.find(accountId, instanceName);
      const taken = await db
        .selectFrom('phone_numbers')
        .select('id')
        .where('number', '=', input.number)
        .executeTakeFirst();
      if (taken) throw commonErrors.AlreadyExists(`number ${input.number} is already in use`);
      const at = now();
      const row: PhoneNumbersTable = {
        id: newId('num'),
        account_id: accountId,
        instance_id: inst.id,
        number: input.number,
        flow_id: (await flowId(inst.id, input.flow)) ?? null,
        description: input.description ?? '',
        created_at: at,
        updated_at: at,
      };
      await db.insertInto('phone_numbers').values(row).execute();
      return view(row, await flowNames([row.flow_id]));
    },

    async list(accountId: string, instanceName: string): Promise<PhoneNumberView[]> {
      const inst = await instances.find(accountId, instanceName);
      const rows = await db
        .selectFrom('phone_numbers')
        .selectAll()
        .where('instance_id', '=', inst.id)
        .orderBy('number')
        .execute();
      const flows = await flowNames(rows.map((r) => r.flow_id));
      return rows.map((r) => view(r, flows));
    },

    async update(
      accountId: string,
      instanceName: string,
      number: string,
      input: { flow?: string | null | undefined; description?: string | undefined },
    ) {
      const inst = await instances.find(accountId, instanceName);
      const row = await find(inst.id, number);
      const nextFlow = await flowId(inst.id, input.flow);
      const updated: PhoneNumbersTable = {
        ...row,
        flow_id: nextFlow === undefined ? row.flow_id : nextFlow,
        description: input.description ?? row.description,
        updated_at: now(),
      };
      await db
        .updateTable('phone_numbers')
        .set({ flow_id: updated.flow_id, description: updated.description, updated_at: updated.updated_at })
        .where('id', '=', row.id)
        .execute();
      return view(updated, await flowNames([updated.flow_id]));
    },

    async remove(accountId: string, instanceName: string, number: string): Promise<void> {
      const inst = await instances.find(accountId, instanceName);
      const row = await find(inst.id, number);
      await db.deleteFrom('phone_numbers').where('id', '=', row.id).execute();
    },

    /** For incoming calls: which instance and flow a dialled number reaches (any account). */
    async route(number: string): Promise<PhoneNumbersTable | undefined> {
      return (await routeQuery(number))[0];
    },
  };
}
