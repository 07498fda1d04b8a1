import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { createAccounts } from './accounts/accounts.js';
import { createSessions } from './accounts/sessions.js';
import { createSignInThrottle } from './accounts/sign-in-throttle.js';
import { buildApi } from './api/server.js';
import type { Config } from './config/config.js';
import { createAgents } from './contact-center/agents.js';
import { createCallRecords, recordingsFolder } from './contact-center/call-records.js';
import { createFlowTestCases } from './contact-center/flow-test-cases.js';
import { createFlows } from './contact-center/flows.js';
import { createInstances } from './contact-center/instances.js';
import { createIntegrations } from './contact-center/integrations.js';
import { createLiveAcds, type LiveAcds } from './contact-center/live-acd.js';
import { createPhoneNumbers } from './contact-center/phone-numbers.js';
import { createPrompts } from './contact-center/prompts.js';
import { createSimulations } from './contact-center/simulation.js';
import { createSkillGroups } from './contact-center/skill-groups.js';
import { databaseSessionStore } from './contact-center/workbench/session-store.js';
import { createWorkbench } from './contact-center/workbench/workbench.js';
import { seedDemo } from './demo/seed.js';
import { functionErrors } from './functions/errors.js';
import { createInvocations } from './functions/invocations.js';
import type { FunctionInvoker } from './functions/invoker.js';
import { createFunctionRegistry } from './functions/registry.js';
import { checkSandbox, createSandboxInvoker } from './functions/runtime/index.js';
import { createTestEvents } from './functions/test-events.js';
import { startMediaPlane } from './media-root.js';
import { createMetrics } from './observability/metrics.js';
import { type Clock, systemClock } from './shared/clock.js';
import { openStore, redactUrl, type Store } from './store/database.js';
import type { MediaEngine, PortPoolStats } from './telephony/media/index.js';
import { startTelephony, type Telephony } from './telephony-root.js';

export interface Hotline {
  config: Config;
  store: Store;
  api: FastifyInstance;
  invoker: FunctionInvoker;
  /** The live ACD of each instance (tests queue calls on it directly until agents have phones). */
  acds: LiveAcds;
  /** The root API key, when this start created it (first start). */
  rootKey: { token: string; file: string } | undefined;
  /** http://host:port of the API once listening. */
  url: string;
  /** The SIP sockets, when telephony is on. */
  sip: { protocol: 'udp' | 'tcp'; host: string; port: number }[];
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  clock?: Clock;
  /** Skip listening (tests that use app.inject). */
  listen?: boolean;
}

/**
 * The composition root: builds every part from the configuration and wires them together. Nothing
 * else constructs parts; each takes what it needs as arguments.
 */
export async function startHotline(config: Config, options: StartOptions = {}): Promise<Hotline> {
  const logger = options.logger ?? pino({ level: config.log.level });
  const clock = options.clock ?? systemClock;
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const closers: (() => Promise<void>)[] = [() => store.close()];
  try {
    const accounts = createAccounts({ db: store.db, clock });
    const rootKey = await accounts.bootstrap(config.dataDir);
    // One throttle for password sign-in, the console's and the workbench's.
    const throttle = createSignInThrottle({
      clock,
      maxFailures: config.auth.signInMaxFailures,
      windowMs: config.auth.signInLockoutMinutes * 60_000,
    });
    const sessions = createSessions({
      db: store.db,
      clock,
      accounts,
      ttlMs: config.auth.sessionHours * 3600_000,
      throttle,
    });

    const sandbox = await checkSandbox({ bwrap: config.functions.bwrapPath });
    const sandboxNote = describeSandbox(config, sandbox);
    if (sandboxNote.level === 'warn') logger.warn(sandboxNote.message);
    else logger.info(sandboxNote.message);
    const invoker = sandboxNote.canRun
      ? createSandboxInvoker({
          mode: config.functions.sandbox,
          executables: { bwrap: config.functions.bwrapPath },
          maxPayloadBytes: config.functions.maxPayloadBytes,
          maxMemoryMb: config.functions.maxMemoryMb,
          workDir: instanceWorkDir(config.dataDir),
          prestartedPerRuntime: config.functions.prestartedRunners,
          maxInstances: config.functions.maxInstances,
          idleTimeoutMs: config.functions.idleInstanceSeconds * 1000,
          logger,
        })
      : refusingInvoker(sandboxNote.message);
    closers.unshift(() => invoker.close());

    const metrics = createMetrics();
    const registry = createFunctionRegistry({ db: store.db, clock, config });
    const invocations = createInvocations({
      db: store.db,
      writes: store.writes,
      registry,
      invoker,
      config,
      clock,
      metrics,
    });
    const testEvents = createTestEvents({ db: store.db, registry, clock });
    const instances = createInstances({ db: store.db, clock });
    const skillGroups = createSkillGroups({ db: store.db, clock, instances });
    const agents = createAgents({ db: store.db, clock, instances, sipRealm: config.sip.realm });
    const prompts = createPrompts({ db: store.db, clock, instances, dataDir: config.dataDir });
    const integrations = createIntegrations({ db: store.db, clock, instances, registry, invocations });
    const numbers = createPhoneNumbers({ db: store.db, clock, instances });
    const flows = createFlows({ db: store.db, clock, instances, integrations, skillGroups, agents, prompts });
    const calls = createCallRecords({
      db: store.db,
      writes: store.writes,
      clock,
      instances,
      metrics,
      recordingsDir: recordingsFolder(config.dataDir),
    });
    const interrupted = await calls.closeInterrupted();
    if (interrupted > 0)
      logger.warn(
        `${interrupted} call(s) were in progress when Hotline last stopped; their records are closed as interrupted`,
      );
    const cc = {
      instances,
      skillGroups,
      agents,
      prompts,
      numbers,
      integrations,
      flows,
      testCases: createFlowTestCases({ db: store.db, clock, instances, flows }),
      calls,
      simulations: createSimulations({
        clock,
        instances,
        flows,
        numbers,
        integrations,
        skillGroups,
        agents,
        records: calls,
      }),
      acds: createLiveAcds({
        clock,
        instances,
        skillGroups,
        agents,
        onError: (err, context) => logger.warn({ err }, `acd: ${context}`),
      }),
    };
    if (config.demo.enabled) await seedDemo({ accounts, registry, testEvents, cc, logger });

    const purgeExpiredSessions = () =>
      sessions
        .purgeExpired()
        .catch((err: unknown) => logger.warn({ err }, 'purging expired sessions failed'));
    await purgeExpiredSessions();

    // The media plane (RTP calls and the workbench's WebRTC legs), closed after everything using it.
    const media = startMediaPlane({ config, clock, logger });
    closers.unshift(() => media.close());

    // The agent workbench: sign-in, the pages' sockets, and their WebRTC legs.
    const workbench = createWorkbench({
      clock,
      instances,
      agents,
      acds: cc.acds,
      throttle,
      sessionTtlMs: config.auth.sessionHours * 3600_000,
      sessionStore: databaseSessionStore(store.db),
      legs: media.legs,
      graceMs: config.workbench.reconnectGraceSeconds * 1000,
      hasPhone: async (agentId) =>
        (await store.db
          .selectFrom('sip_bindings')
          .select('id')
          .where('agent_id', '=', agentId)
          .where('expires_at', '>', new Date(clock.now()).toISOString())
          .executeTakeFirst()) !== undefined,
      logger: logger.child({ part: 'workbench' }),
    });
    closers.unshift(() => workbench.close());
    await workbench.sessions.load();

    const purge = setInterval(() => {
      invocations
        .purgeOldLogs()
        .catch((err: unknown) => logger.warn({ err }, 'purging old invocation logs failed'));
      void purgeExpiredSessions();
    }, 3600_000);
    purge.unref();
    closers.unshift(async () => clearInterval(purge));

    // Telephony: SIP calls from trunks become IVR calls (off when sip.listen is empty).
    let telephony: Telephony | undefined;
    if (config.sip.listen.length > 0) {
      telephony = await startTelephony({
        config,
        clock,
        logger,
        cc,
        dataDir: config.dataDir,
        db: store.db,
        media: media.engine,
        ringers: [workbench.ringer],
        workbenchOpen: workbench.isOpen,
      });
      closers.unshift(() => telephony!.close());
    }

    const api = await buildApi(
      {
        config,
        clock,
        accounts,
        sessions,
        workbench,
        registry,
        invocations,
        testEvents,
        cc,
        metricsText: () => metrics.registry.metrics(),
        evictFunction: (accountId, service, name) => invoker.evict(accountId, service, name),
        status: async () => ({
          version: '0.1.0',
          database: config.databaseUrl ? redactUrl(config.databaseUrl) : 'sqlite',
          sandbox: sandboxNote.message,
          functionsCanRun: sandboxNote.canRun,
          regions: config.regions.map((r) => r.id),
          telephony: telephony
            ? {
                activeCalls: telephony.activeCalls(),
                sip: telephony.stack.stats(),
                media: await mediaStatus(telephony.media),
                // Where agents' phones register (the console's hint on the agents page).
                registrar: {
                  realm: config.sip.realm,
                  addresses: telephony.addresses.map((a) => ({
                    transport: a.protocol,
                    host: config.sip.advertisedHost ?? a.host,
                    port: a.port,
                  })),
                },
              }
            : 'off',
        }),
      },
      logger,
    );
    closers.unshift(() => api.close());

    let url = '';
    if (options.listen !== false) {
      await api.listen({ host: config.http.host, port: config.http.port });
      const address = api.server.address();
      const port = typeof address === 'object' && address ? address.port : config.http.port;
      url = `http://${config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host}:${port}`;
    }
    let closed = false;
    return {
      config,
      store,
      api,
      invoker,
      acds: cc.acds,
      rootKey,
      url,
      sip: telephony ? [...telephony.addresses] : [],
      async close() {
        if (closed) return;
        closed = true;
        for (const close of closers)
          await close().catch((err: unknown) => logger.warn({ err }, 'shutdown step failed'));
      },
    };
  } catch (err) {
    for (const close of closers) await close().catch(() => undefined);
    throw err;
  }
}

function describeSandbox(
  config: Config,
  sandbox: { available: boolean; reason?: string | undefined },
): { canRun: boolean; level: 'info' | 'warn'; message: string } {
  if (config.functions.sandbox === 'unsandboxed') {
    return {
      canRun: true,
      level: 'warn',
      message:
        "functions run WITHOUT a sandbox (functions.sandbox=unsandboxed): tenant code can read this server's files",
    };
  }
  if (sandbox.available)
    return { canRun: true, level: 'info', message: 'functions run in bubblewrap sandboxes' };
  return {
    canRun: false,
    level: 'warn',
    message: `functions cannot run: bubblewrap is not usable (${sandbox.reason ?? 'unknown reason'}); install it (apt-get install bubblewrap) or set functions.sandbox=unsandboxed (HOTLINE_SANDBOX=unsandboxed) to run functions without isolation`,
  };
}

/** Stands in for the invoker when functions may not run, so every invocation says why. */
function refusingInvoker(message: string): FunctionInvoker {
  return {
    invoke: async () => {
      throw functionErrors.SandboxUnavailable(message);
    },
    evict: async () => undefined,
    close: async () => undefined,
  };
}

/**
 * Instance folders (code slots, private /tmp sources) live under the system's temporary folder:
 * the sandboxed runners run as an unprivileged user, who must be able to reach them even when the
 * data folder is private (mode 0700). One folder per data folder, so two servers never share one.
 */
function instanceWorkDir(dataDir: string): string {
  return join(
    tmpdir(),
    `hotline-instances-${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}`,
  );
}

async function mediaStatus(media: MediaEngine): Promise<{ sessions: number; ports: PortPoolStats }> {
  const stats = await media.stats();
  return { sessions: stats.sessions, ports: stats.ports };
}
