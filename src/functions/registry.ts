import type { Kysely } from 'kysely';
import type { Config } from '../config/config.js';
import type { Clock } from '../shared/clock.js';
import { commonErrors } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { preparedQuery } from '../store/prepared-query.js';
import type { Database, FunctionsTable, FunctionVersionsTable, ServicesTable } from '../store/schema.js';
import { type CodeFiles, sha256, unzipCode, zipCode } from './code-package.js';
import { functionErrors } from './errors.js';
import type { FunctionRuntimeName } from './invoker.js';
import type { FunctionSettings, FunctionSettingsUpdate } from './settings.js';
import { compileTypeScript } from './typescript-build.js';

export interface ServiceView {
  region: string;
  name: string;
  description: string;
  createdAt: string;
  updatedAt: string;
}

export interface FunctionView {
  region: string;
  serviceName: string;
  name: string;
  description: string;
  runtime: FunctionRuntimeName;
  handler: string;
  initializer: string | null;
  timeoutSeconds: number;
  memoryMb: number;
  environmentVariables: Record<string, string>;
  version: number;
  codeSha256: string;
  codeSize: number;
  createdAt: string;
  updatedAt: string;
}

export interface VersionView {
  version: number;
  description: string;
  runtime: FunctionRuntimeName;
  handler: string;
  initializer: string | null;
  timeoutSeconds: number;
  memoryMb: number;
  environmentVariables: Record<string, string>;
  codeSha256: string;
  codeSize: number;
  createdAt: string;
}

/** A located function: the rows the rest of Hotline needs to act on it. */
export interface FunctionRef {
  accountId: string;
  region: string;
  service: ServicesTable;
  fn: FunctionsTable;
}

export type FunctionRegistry = ReturnType<typeof createFunctionRegistry>;

/** Regions → services → functions (with immutable versions), scoped to an account. */
export function createFunctionRegistry(deps: { db: Kysely<Database>; clock: Clock; config: Config }) {
  const { db, clock, config } = deps;
  const now = () => new Date(clock.now()).toISOString();

  function checkRegion(region: string): void {
    if (!config.regions.some((r) => r.id === region)) {
      throw functionErrors.RegionNotFound(`region '${region}' does not exist`, {
        details: { regions: config.regions.map((r) => r.id) },
      });
    }
  }

  // Every invocation looks up its service, function and version: prepared lookups.
  const serviceQuery = preparedQuery<ServicesTable, [string, string, string]>(db, (arg) =>
    db
      .selectFrom('services')
      .selectAll()
      .where('account_id', '=', arg(0))
      .where('region', '=', arg(1))
      .where('name', '=', arg(2)),
  );
  const functionQuery = preparedQuery<FunctionsTable, [string, string]>(db, (arg) =>
    db.selectFrom('functions').selectAll().where('service_id', '=', arg(0)).where('name', '=', arg(1)),
  );
  const versionQuery = preparedQuery<FunctionVersionsTable, [string, number]>(db, (arg) =>
    db
      .selectFrom('function_versions')
      .selectAll()
      .where('function_id', '=', arg(0))
      .where('version', '=', arg(1)),
  );

  async function findService(accountId: string, region: string, name: string): Promise<ServicesTable> {
    checkRegion(region);
    const [row] = await serviceQuery(accountId, region, name);
    if (!row)
      throw functionErrors.ServiceNotFound(`service '${name}' does not exist`, {
        details: { region, service: name },
      });
    return row;
  }

  async function findFunction(
    accountId: string,
    region: string,
    service: string,
    name: string,
  ): Promise<FunctionRef> {
    const svc = await findService(accountId, region, service);
    const [fn] = await functionQuery(svc.id, name);
    if (!fn) {
      throw functionErrors.FunctionNotFound(`function '${name}' does not exist in service '${service}'`, {
        details: { region, service, function: name },
      });
    }
    return { accountId, region, service: svc, fn };
  }

  async function findVersion(ref: FunctionRef, version?: number): Promise<FunctionVersionsTable> {
    const wanted = version ?? ref.fn.latest_version;
    const [row] = await versionQuery(ref.fn.id, wanted);
    if (!row) {
      throw functionErrors.VersionNotFound(`version ${wanted} of function '${ref.fn.name}' does not exist`, {
        details: { latest: ref.fn.latest_version },
      });
    }
    return row;
  }

  function serviceView(s: ServicesTable): ServiceView {
    return {
      region: s.region,
      name: s.name,
      description: s.description,
      createdAt: s.created_at,
      updatedAt: s.updated_at,
    };
  }

  function functionView(ref: FunctionRef, v: FunctionVersionsTable): FunctionView {
    const f = ref.fn;
    return {
      region: ref.region,
      serviceName: ref.service.name,
      name: f.name,
      description: f.description,
      runtime: f.runtime as FunctionRuntimeName,
      handler: f.handler,
      initializer: f.initializer,
      timeoutSeconds: f.timeout_ms / 1000,
      memoryMb: f.memory_mb,
      environmentVariables: JSON.parse(f.environment) as Record<string, string>,
      version: f.latest_version,
      codeSha256: v.code_sha256,
      codeSize: v.code_size,
      createdAt: f.created_at,
      updatedAt: f.updated_at,
    };
  }

  /** Checks the code for the runtime (TypeScript compiles) and packs it. */
  async function packCode(runtime: FunctionRuntimeName, files: CodeFiles) {
    if (runtime === 'nodejs20') await compileTypeScript(files);
    const zip = zipCode(files);
    return { zip, sha: sha256(zip), size: [...files.values()].reduce((n, b) => n + b.length, 0) };
  }

  return {
    checkRegion,
    findService,
    findFunction,
    findVersion,
    functionView,

    listRegions: () => config.regions,

    async createService(
      accountId: string,
      region: string,
      input: { name: string; description?: string | undefined },
    ) {
      checkRegion(region);
      const clash = await db
        .selectFrom('services')
        .select('id')
        .where('account_id', '=', accountId)
        .where('region', '=', region)
        .where('name', '=', input.name)
        .executeTakeFirst();
      if (clash)
        throw commonErrors.AlreadyExists(`service '${input.name}' already exists in region ${region}`);
      const at = now();
      const row: ServicesTable = {
        id: newId('svc'),
        account_id: accountId,
        region,
        name: input.name,
        description: input.description ?? '',
        created_at: at,
        updated_at: at,
      };
      await db.insertInto('services').values(row).execute();
      return serviceView(row);
    },

    async listServices(accountId: string, region: string): Promise<ServiceView[]> {
      checkRegion(region);
      const rows = await db
        .selectFrom('services')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('region', '=', region)
        .orderBy('name')
        .execute();
      return rows.map(serviceView);
    },

    async getService(accountId: string, region: string, name: string): Promise<ServiceView> {
      return serviceView(await findService(accountId, region, name));
    },

    async updateService(
      accountId: string,
      region: string,
      name: string,
      input: { description?: string | undefined },
    ) {
      const svc = await findService(accountId, region, name);
      const updated = { ...svc, description: input.description ?? svc.description, updated_at: now() };
      await db
        .updateTable('services')
        .set({ description: updated.description, updated_at: updated.updated_at })
        .where('id', '=', svc.id)
        .execute();
      return serviceView(updated);
    },

    async deleteService(accountId: string, region: string, name: string): Promise<void> {
      const svc = await findService(accountId, region, name);
      const count = await db
        .selectFrom('functions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('service_id', '=', svc.id)
        .executeTakeFirstOrThrow();
      if (Number(count.n) > 0) {
        throw functionErrors.ServiceNotEmpty(
          `service '${name}' still holds ${count.n} function(s); delete them first`,
        );
      }
      await db.deleteFrom('services').where('id', '=', svc.id).execute();
    },

    async createFunction(
      accountId: string,
      region: string,
      service: string,
      input: { name: string; settings: FunctionSettings; files: CodeFiles },
    ): Promise<FunctionView> {
      const svc = await findService(accountId, region, service);
      const clash = await db
        .selectFrom('functions')
        .select('id')
        .where('service_id', '=', svc.id)
        .where('name', '=', input.name)
        .executeTakeFirst();
      if (clash)
        throw commonErrors.AlreadyExists(`function '${input.name}' already exists in service '${service}'`);
      const s = input.settings;
      const code = await packCode(s.runtime, input.files);
      const at = now();
      const fn: FunctionsTable = {
        id: newId('fn'),
        account_id: accountId,
        service_id: svc.id,
        name: input.name,
        description: s.description ?? '',
        runtime: s.runtime,
        handler: s.handler,
        initializer: s.initializer ?? null,
        timeout_ms: Math.round(s.timeoutSeconds * 1000),
        memory_mb: s.memoryMb,
        environment: JSON.stringify(s.environmentVariables),
        latest_version: 1,
        created_at: at,
        updated_at: at,
      };
      const version: FunctionVersionsTable = versionRow(fn, 1, code, at);
      await db.transaction().execute(async (tx) => {
        await tx.insertInto('functions').values(fn).execute();
        await tx.insertInto('function_versions').values(version).execute();
      });
      return functionView({ accountId, region, service: svc, fn }, version);
    },

    /** Any change makes a new immutable version; code not given is carried over from the latest. */
    async updateFunction(
      accountId: string,
      region: string,
      service: string,
      name: string,
      input: { settings: FunctionSettingsUpdate; files?: CodeFiles | undefined },
    ): Promise<FunctionView> {
      const ref = await findFunction(accountId, region, service, name);
      const latest = await findVersion(ref);
      const s = input.settings;
      const runtime = (s.runtime ?? ref.fn.runtime) as FunctionRuntimeName;
      const files = input.files ?? unzipCode(latest.code, config.functions.maxCodeBytes);
      const code =
        input.files || runtime !== ref.fn.runtime
          ? await packCode(runtime, files)
          : {
              zip: latest.code,
              sha: latest.code_sha256,
              size: latest.code_size,
            };
      const at = now();
      const next = ref.fn.latest_version + 1;
      const fn: FunctionsTable = {
        ...ref.fn,
        description: s.description ?? ref.fn.description,
        runtime,
        handler: s.handler ?? ref.fn.handler,
        initializer: s.initializer === undefined ? ref.fn.initializer : s.initializer,
        timeout_ms: s.timeoutSeconds === undefined ? ref.fn.timeout_ms : Math.round(s.timeoutSeconds * 1000),
        memory_mb: s.memoryMb ?? ref.fn.memory_mb,
        environment:
          s.environmentVariables === undefined ? ref.fn.environment : JSON.stringify(s.environmentVariables),
        latest_version: next,
        updated_at: at,
      };
      const version = versionRow(fn, next, code, at);
      await db.transaction().execute(async (tx) => {
        await tx.insertInto('function_versions').values(version).execute();
        const { id: _id, ...changes } = fn;
        await tx.updateTable('functions').set(changes).where('id', '=', fn.id).execute();
      });
      return functionView({ ...ref, fn }, version);
    },

    async getFunction(
      accountId: string,
      region: string,
      service: string,
      name: string,
    ): Promise<FunctionView> {
      const ref = await findFunction(accountId, region, service, name);
      return functionView(ref, await findVersion(ref));
    },

    async listFunctions(accountId: string, region: string, service: string): Promise<FunctionView[]> {
      const svc = await findService(accountId, region, service);
      const rows = await db
        .selectFrom('functions')
        .innerJoin('function_versions', (j) =>
          j
            .onRef('function_versions.function_id', '=', 'functions.id')
            .onRef('function_versions.version', '=', 'functions.latest_version'),
        )
        .selectAll('functions')
        .select(['function_versions.code_sha256', 'function_versions.code_size'])
        .where('functions.service_id', '=', svc.id)
        .orderBy('functions.name')
        .execute();
      return rows.map(({ code_sha256, code_size, ...fn }) =>
        functionView({ accountId, region, service: svc, fn }, {
          code_sha256,
          code_size,
        } as FunctionVersionsTable),
      );
    },

    async deleteFunction(
      accountId: string,
      region: string,
      service: string,
      name: string,
    ): Promise<FunctionRef> {
      const ref = await findFunction(accountId, region, service, name);
      await db.deleteFrom('functions').where('id', '=', ref.fn.id).execute();
      return ref;
    },

    async listVersions(
      accountId: string,
      region: string,
      service: string,
      name: string,
    ): Promise<VersionView[]> {
      const ref = await findFunction(accountId, region, service, name);
      const rows = await db
        .selectFrom('function_versions')
        .select([
          'version',
          'description',
          'runtime',
          'handler',
          'initializer',
          'timeout_ms',
          'memory_mb',
          'environment',
          'code_sha256',
          'code_size',
          'created_at',
        ])
        .where('function_id', '=', ref.fn.id)
        .orderBy('version', 'desc')
        .execute();
      return rows.map((v) => ({
        version: v.version,
        description: v.description,
        runtime: v.runtime as FunctionRuntimeName,
        handler: v.handler,
        initializer: v.initializer,
        timeoutSeconds: v.timeout_ms / 1000,
        memoryMb: v.memory_mb,
        environmentVariables: JSON.parse(v.environment) as Record<string, string>,
        codeSha256: v.code_sha256,
        codeSize: v.code_size,
        createdAt: v.created_at,
      }));
    },

    /** The files of a version, for the editor and `hotline fn code`. */
    async getCode(
      accountId: string,
      region: string,
      service: string,
      name: string,
      version?: number,
    ): Promise<CodeFiles> {
      const ref = await findFunction(accountId, region, service, name);
      const v = await findVersion(ref, version);
      return unzipCode(v.code, config.functions.maxCodeBytes);
    },
  };
}

function versionRow(
  fn: FunctionsTable,
  version: number,
  code: { zip: Uint8Array; sha: string; size: number },
  at: string,
): FunctionVersionsTable {
  return {
    function_id: fn.id,
    version,
    account_id: fn.account_id,
    description: fn.description,
    runtime: fn.runtime,
    handler: fn.handler,
    initializer: fn.initializer,
    timeout_ms: fn.timeout_ms,
    memory_mb: fn.memory_mb,
    environment: fn.environment,
    code: code.zip,
    code_sha256: code.sha,
    code_size: code.size,
    created_at: at,
  };
}
