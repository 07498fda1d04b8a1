import type { Kysely } from 'kysely';
import type { Invocations, InvokeOutput } from '../functions/invocations.js';
import type { FunctionRegistry } from '../functions/registry.js';
import type { Clock } from '../shared/clock.js';
import { isHotlineError } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { preparedQuery } from '../store/prepared-query.js';
import type { Database, InstancesTable, IntegrationFunctionsTable } from '../store/schema.js';
import { contactCenterErrors } from './errors.js';
import type { Instances } from './instances.js';

export interface IntegrationEntryView {
  id: string;
  region: string;
  service: string;
  function: string;
  version: number | null;
  description: string;
  createdAt: string;
  updatedAt: string;
}

export interface EntryInput {
  region: string;
  service: string;
  function: string;
  version?: number | null | undefined;
  description?: string | undefined;
}

/** The outcome of an entry's test call: the function's answer, or the exact error that stopped it. */
export type EntryTestResult =
  | { ok: true; invocation: InvokeOutput }
  | { ok: false; error: { code: string; message: string } };

function view(r: IntegrationFunctionsTable): IntegrationEntryView {
  return {
    id: r.id,
    region: r.region,
    service: r.service,
    function: r.function,
    version: r.version,
    description: r.description,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export type Integrations = ReturnType<typeof createIntegrations>;

/**
 * IVR integration settings: the functions an instance's flows may call. Entries are kept as typed
 * (a misspelt service is saved); the test call says exactly what is wrong.
 */
export function createIntegrations(deps: {
  db: Kysely<Database>;
  clock: Clock;
  instances: Instances;
  registry: FunctionRegistry;
  invocations: Invocations;
}) {
  const { db, clock, instances, registry, invocations } = deps;
  const now = () => new Date(clock.now()).toISOString();

  async function grantedInstance(accountId: string, instanceName: string) {
    const inst = await instances.find(accountId, instanceName);
    if (!inst.function_access_granted_at) {
      throw contactCenterErrors.FunctionAccessNotGranted(
        `instance '${instanceName}' may not invoke functions yet: grant it access first (POST /v1/instances/${instanceName}/function-access, or \`hotline instance grant-functions ${instanceName}\`)`,
      );
    }
    return inst;
  }

  // The flows' function calls ask for both on every invocation: prepared lookups.
  const entryQuery = preparedQuery<IntegrationFunctionsTable, [string, string, string]>(db, (arg) =>
    db
      .selectFrom('integration_functions')
      .selectAll()
      .where('account_id', '=', arg(0))
      .where('instance_id', '=', arg(1))
      .where('id', '=', arg(2)),
  );
  const instanceQuery = preparedQuery<InstancesTable, [string]>(db, (arg) =>
    db.selectFrom('instances').selectAll().where('id', '=', arg(0)),
  );

  async function find(accountId: string, instanceId: string, id: string): Promise<IntegrationFunctionsTable> {
    const [row] = await entryQuery(accountId, instanceId, id);
    if (!row) throw contactCenterErrors.IntegrationEntryNotFound(`function entry '${id}' does not exist`);
    return row;
  }

  async function invokeEntry(
    accountId: string,
    row: IntegrationFunctionsTable,
    event: unknown,
    source: 'ivr' | 'integration-test',
    signal?: AbortSignal,
  ): Promise<InvokeOutput> {
    return invocations.invoke({
      accountId,
      region: row.region,
      service: row.service,
      name: row.function,
      version: row.version ?? undefined,
      payload: Buffer.from(JSON.stringify(event), 'utf8'),
      source,
      ...(signal ? { signal } : {}),
    });
  }

  return {
    async add(accountId: string, instanceName: string, input: EntryInput): Promise<IntegrationEntryView> {
      const inst = await grantedInstance(accountId, instanceName);
      registry.checkRegion(input.region);
      const at = now();
      const row: IntegrationFunctionsTable = {
        id: newId('ivrfn'),
        account_id: accountId,
        instance_id: inst.id,
        region: input.region,
        service: input.service,
        function: input.function,
        version: input.version ?? null,
        description: input.description ?? '',
        created_at: at,
        updated_at: at,
      };
      await db.insertInto('integration_functions').values(row).execute();
      return view(row);
    },

    async list(accountId: string, instanceName: string): Promise<IntegrationEntryView[]> {
      const inst = await instances.find(accountId, instanceName);
      const rows = await db
        .selectFrom('integration_functions')
        .selectAll()
        .where('instance_id', '=', inst.id)
        .orderBy('created_at')
        .execute();
      return rows.map(view);
    },

    async get(accountId: string, instanceName: string, id: string): Promise<IntegrationEntryView> {
      const inst = await instances.find(accountId, instanceName);
      return view(await find(accountId, inst.id, id));
    },

    async update(
      accountId: string,
      instanceName: string,
      id: string,
      input: Partial<EntryInput>,
    ): Promise<IntegrationEntryView> {
      const inst = await grantedInstance(accountId, instanceName);
      const row = await find(accountId, inst.id, id);
      if (input.region !== undefined) registry.checkRegion(input.region);
      const updated: IntegrationFunctionsTable = {
        ...row,
        region: input.region ?? row.region,
        service: input.service ?? row.service,
        function: input.function ?? row.function,
        version: input.version === undefined ? row.version : input.version,
        description: input.description ?? row.description,
        updated_at: now(),
      };
      const { id: _id, ...changes } = updated;
      await db.updateTable('integration_functions').set(changes).where('id', '=', id).execute();
      return view(updated);
    },

    async remove(accountId: string, instanceName: string, id: string): Promise<void> {
      const inst = await instances.find(accountId, instanceName);
      await find(accountId, inst.id, id);
      await db.deleteFrom('integration_functions').where('id', '=', id).execute();
    },

    /** The entry's Test button: calls the function with the typed parameters as a JSON event. */
    async test(
      accountId: string,
      instanceName: string,
      id: string,
      parameters: Record<string, string>,
    ): Promise<EntryTestResult> {
      const inst = await grantedInstance(accountId, instanceName);
      const row = await find(accountId, inst.id, id);
      try {
        return { ok: true, invocation: await invokeEntry(accountId, row, parameters, 'integration-test') };
      } catch (err) {
        if (isHotlineError(err) && err.status < 500)
          return { ok: false, error: { code: err.code, message: err.message } };
        throw err;
      }
    },

    /** Looks up an entry by id for a flow (the IVR's function module) and invokes it. */
    async invokeForFlow(
      accountId: string,
      instanceId: string,
      id: string,
      event: unknown,
      signal?: AbortSignal,
    ): Promise<InvokeOutput> {
      const [inst] = await instanceQuery(instanceId);
      if (!inst?.function_access_granted_at) {
        throw contactCenterErrors.FunctionAccessNotGranted(
          'the instance may not invoke functions (access was not granted)',
        );
      }
      const row = await find(accountId, instanceId, id);
      return invokeEntry(accountId, row, event, 'ivr', signal);
    },

    async entriesOfInstance(instanceId: string): Promise<IntegrationEntryView[]> {
      const rows = await db
        .selectFrom('integration_functions')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .execute();
      return rows.map(view);
    },
  };
}
