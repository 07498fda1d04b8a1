/**
 * Agents' SIP phones: the registrar's users are the agents with credentials, their bindings live in
 * the database (so they survive a restart), and registration changes the agent's state — a phone
 * that registers logs its agent in as ready, the last binding going away (removed or expired)
 * logs the agent out (unless the agent's workbench is open).
 */
import type { Kysely } from 'kysely';
import type { Clock, Timer } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import type { Database } from '../store/schema.js';
import type { Binding, BindingStore, RegistrarUser } from '../telephony/registrar/registrar.js';
import type { Flow, TransportProtocol } from '../telephony/sip/transport.js';
import type { Agents } from './agents.js';
import type { LiveAcds } from './live-acd.js';

export type AgentPhones = ReturnType<typeof createAgentPhones>;

export function createAgentPhones(deps: {
  db: Kysely<Database>;
  clock: Clock;
  agents: Agents;
  acds: LiveAcds;
  /** Whether the agent is signed in another way (the workbench): the last phone leaving keeps it logged in. */
  signedInElsewhere: (instanceId: string, loginName: string) => boolean;
  logger: { info(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };
}) {
  const { db, clock, agents, acds, logger } = deps;
  const iso = (ms: number) => new Date(ms).toISOString();
  let sweeper: Timer | undefined;

  const store: BindingStore = {
    async list(agentId, now) {
      const rows = await db
        .selectFrom('sip_bindings')
        .selectAll()
        .where('agent_id', '=', agentId)
        .where('expires_at', '>', iso(now))
        .orderBy('updated_at', 'desc')
        .execute();
      return rows.map((r) => ({
        contact: r.contact,
        received: parseFlow(r.received),
        callId: r.call_id,
        cseq: r.cseq,
        expiresAt: Date.parse(r.expires_at),
        userAgent: r.user_agent,
      }));
    },
    async apply(agentId, change) {
      const at = iso(clock.now());
      await db.transaction().execute(async (tx) => {
        if (change.remove.length > 0)
          await tx
            .deleteFrom('sip_bindings')
            .where('agent_id', '=', agentId)
            .where('contact', 'in', change.remove)
            .execute();
        // Expired bindings of this agent go too: they would count against the contact limit.
        await tx
          .deleteFrom('sip_bindings')
          .where('agent_id', '=', agentId)
          .where('expires_at', '<=', at)
          .execute();
        for (const b of change.upsert) {
          const values = {
            received: formatFlow(b.received),
            call_id: b.callId,
            cseq: b.cseq,
            expires_at: iso(b.expiresAt),
            user_agent: b.userAgent,
            updated_at: at,
          };
          const updated = await tx
            .updateTable('sip_bindings')
            .set(values)
            .where('agent_id', '=', agentId)
            .where('contact', '=', b.contact)
            .executeTakeFirst();
          if (Number(updated.numUpdatedRows) === 0)
            await tx
              .insertInto('sip_bindings')
              .values({ id: newId('bind'), agent_id: agentId, contact: b.contact, created_at: at, ...values })
              .execute();
        }
      });
    },
  };

  /** The registrar's view of an agent: its row id and digest HA1s. */
  async function user(sipUsername: string): Promise<RegistrarUser | undefined> {
    const c = await agents.sipCredentials(sipUsername);
    return c && { key: c.agentId, secret: { ha1: c.ha1 } };
  }

  async function agentOf(agentId: string) {
    return db
      .selectFrom('agents')
      .select(['instance_id', 'login_name'])
      .where('id', '=', agentId)
      .executeTakeFirst();
  }

  /** Registration changes the agent's state: registered → ready (if offline); none left → offline. */
  async function phoneChanged(agentId: string, bindings: Binding[]): Promise<void> {
    const agent = await agentOf(agentId);
    if (!agent) return;
    const acd = await acds.acdFor(agent.instance_id);
    const state = (await acd.agent(agent.login_name))?.state ?? 'offline';
    if (bindings.length > 0 && state === 'offline') {
      await acds.setAgentStateIn(agent.instance_id, agent.login_name, { state: 'ready' });
      logger.info({ agent: agent.login_name }, 'agent phone registered: ready');
    } else if (
      bindings.length === 0 &&
      state !== 'offline' &&
      state !== 'busy' &&
      !deps.signedInElsewhere(agent.instance_id, agent.login_name)
    ) {
      await acds.setAgentStateIn(agent.instance_id, agent.login_name, { state: 'offline' });
      logger.info({ agent: agent.login_name }, 'agent phone unregistered: offline');
    }
  }

  /** Drops expired bindings; agents left without a phone are logged out. */
  async function sweep(): Promise<void> {
    const at = iso(clock.now());
    const expired = await db
      .selectFrom('sip_bindings')
      .select('agent_id')
      .distinct()
      .where('expires_at', '<=', at)
      .execute();
    if (expired.length === 0) return;
    await db.deleteFrom('sip_bindings').where('expires_at', '<=', at).execute();
    for (const { agent_id } of expired) {
      const left = await store.list(agent_id, clock.now());
      if (left.length === 0) await phoneChanged(agent_id, []);
    }
  }

  return {
    store,
    user,
    onChange(agentId: string, bindings: Binding[]): void {
      phoneChanged(agentId, bindings).catch((err: unknown) =>
        logger.warn({ err, agentId }, 'agent state change after registration failed'),
      );
    },
    /** Unexpired bindings of an agent, newest first. */
    contactsOf: (agentId: string) => store.list(agentId, clock.now()),
    /** An agent calling from its phone: its instance, and the number it calls from (its extension). */
    async caller(
      agentId: string,
    ): Promise<{ instanceId: string; loginName: string; extension: string } | undefined> {
      const row = await db
        .selectFrom('agents')
        .select(['instance_id', 'login_name', 'extension'])
        .where('id', '=', agentId)
        .executeTakeFirst();
      return row && { instanceId: row.instance_id, loginName: row.login_name, extension: row.extension };
    },
    /**
     * Starts the expiry sweep, and logs in the agents whose phones were registered before a restart
     * (their bindings are kept; the phones need not register again).
     */
    async start(sweepEveryMs = 15_000): Promise<void> {
      await sweep();
      const live = await db.selectFrom('sip_bindings').select('agent_id').distinct().execute();
      for (const { agent_id } of live) await phoneChanged(agent_id, await store.list(agent_id, clock.now()));
      const tick = () => {
        sweeper = clock.setTimer(sweepEveryMs, () => {
          sweep()
            .catch((err: unknown) => logger.warn({ err }, 'binding sweep failed'))
            .finally(tick);
        });
      };
      tick();
    },
    stop(): void {
      sweeper?.cancel();
      sweeper = undefined;
    },
  };
}

function formatFlow(f: Flow): string {
  return `${f.protocol}:${f.address.includes(':') ? `[${f.address}]` : f.address}:${f.port}`;
}

function parseFlow(text: string): Flow {
  const m = /^(udp|tcp):\[?([^\]]+?)\]?:(\d+)$/.exec(text);
  if (!m) throw new Error(`a stored binding address is malformed: ${text}`);
  return { protocol: m[1] as TransportProtocol, address: m[2]!, port: Number(m[3]), connectionId: undefined };
}
