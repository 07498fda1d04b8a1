import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import { type AgentRinger, createAgentLegs } from './contact-center/agent-legs.js';
import { createPhoneRinger } from './contact-center/agent-phone-ringer.js';
import { createAgentPhones } from './contact-center/agent-phones.js';
import type { Agents } from './contact-center/agents.js';
import { type CallRecords, recordingsFolder } from './contact-center/call-records.js';
import { createCallTransfers } from './contact-center/call-transfers.js';
import type { Flows } from './contact-center/flows.js';
import type { Integrations } from './contact-center/integrations.js';
import type { LiveAcds } from './contact-center/live-acd.js';
import type { PhoneNumbers } from './contact-center/phone-numbers.js';
import { createSipCalls } from './contact-center/sip-calls.js';
import type { Clock } from './shared/clock.js';
import { preparedQuery } from './store/prepared-query.js';
import type { Database, PromptsTable } from './store/schema.js';
import type { StoredPrompt } from './telephony/call/prompt-resolver.js';
import type { MediaEngine } from './telephony/media/media-engine.js';
import { createRegistrar } from './telephony/registrar/registrar.js';
import { createSipStack, type SipStack } from './telephony/sip/sip-stack.js';
import { createTrunkGate } from './telephony/trunks.js';

export interface Telephony {
  stack: SipStack;
  media: MediaEngine;
  addresses: readonly { protocol: 'udp' | 'tcp'; host: string; port: number }[];
  activeCalls(): number;
  close(): Promise<void>;
}

/**
 * The telephony part of the composition root: the SIP stack on the configured sockets, and the
 * contact center's handling of inbound calls with the media plane's engine.
 */
export async function startTelephony(deps: {
  config: Config;
  clock: Clock;
  logger: Logger;
  dataDir: string;
  db: Kysely<Database>;
  /** The media plane's engine (see startMediaPlane); its owner closes it. */
  media: MediaEngine;
  cc: {
    numbers: PhoneNumbers;
    flows: Flows;
    integrations: Integrations;
    calls: CallRecords;
    acds: LiveAcds;
    agents: Agents;
  };
  /** Other ways to reach agents, rung with their phones (the workbench). */
  ringers?: AgentRinger[];
  /** Whether the agent's workbench is open: a phone that unregisters then does not log the agent out. */
  workbenchOpen?: (instanceId: string, loginName: string) => boolean;
}): Promise<Telephony> {
  const { config, clock, logger, db, cc } = deps;
  const sipLogger = logger.child({ part: 'sip' });
  const stack = createSipStack({
    transports: config.sip.listen.map((l) => ({
      protocol: l.transport,
      host: l.host,
      port: l.port,
      ...(config.sip.advertisedHost ? { advertisedHost: config.sip.advertisedHost } : {}),
    })),
    clock,
    userAgent: 'Hotline',
    logger: sipLogger,
    allow: ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'INFO', 'REGISTER'],
    // OPTIONS outside dialogs go to the contact center: only trunks and agents' phones get answers.
    answerOptions: false,
    udp: { thread: config.sip.udpThread },
  });
  const { media } = deps;
  // Every play of a stored prompt asks: a prepared lookup.
  const promptQuery = preparedQuery<
    Pick<PromptsTable, 'kind' | 'file' | 'text' | 'language'>,
    [instanceId: string, idOrName: string]
  >(db, (arg) =>
    db
      .selectFrom('prompts')
      .select(['kind', 'file', 'text', 'language'])
      .where('instance_id', '=', arg(0))
      .where((eb) => eb.or([eb('id', '=', arg(1)), eb('name', '=', arg(1))])),
  );
  const lookup = async (instanceId: string, idOrName: string): Promise<StoredPrompt | undefined> => {
    const [row] = await promptQuery(instanceId, idOrName);
    if (!row) return undefined;
    if (row.kind === 'tts') return { kind: 'tts', text: row.text ?? '', language: row.language ?? 'zh-CN' };
    return row.file ? { kind: 'audio', file: row.file } : undefined;
  };
  // Agents' phones: the registrar, and the B2BUA legs the ACD rings.
  const phones = createAgentPhones({
    db,
    clock,
    agents: cc.agents,
    acds: cc.acds,
    signedInElsewhere: deps.workbenchOpen ?? (() => false),
    logger: sipLogger,
  });
  const r = config.sip.registrar;
  const registrar = createRegistrar({
    realm: config.sip.realm,
    algorithms: r.algorithms,
    users: phones.user,
    store: phones.store,
    now: () => clock.now(),
    minExpiresSeconds: r.minExpires,
    maxExpiresSeconds: r.maxExpires,
    maxContacts: r.maxContacts,
    lockout: { maxFailures: r.lockoutFailures, windowMs: r.lockoutWindowSeconds * 1000 },
    onChange: phones.onChange,
    logger: sipLogger,
  });
  const legs = createAgentLegs({
    ringers: [createPhoneRinger({ stack, media, phones, logger: sipLogger }), ...(deps.ringers ?? [])],
    clock,
    agent: async (instanceId, loginName) => {
      const row = await db
        .selectFrom('agents')
        .select(['id', 'sip_username'])
        .where('instance_id', '=', instanceId)
        .where('login_name', '=', loginName)
        .executeTakeFirst();
      return row && { id: row.id, sipUsername: row.sip_username };
    },
    logger: sipLogger,
  });
  cc.acds.setOfferer((instanceId) => legs.offererFor(instanceId));
  const policy = async (instanceId: string) => {
    const row = await db
      .selectFrom('instances')
      .select(['record_calls', 'outbound_allow', 'max_outbound_calls'])
      .where('id', '=', instanceId)
      .executeTakeFirst();
    return {
      recordCalls: row?.record_calls === 1,
      allow: row ? (JSON.parse(row.outbound_allow) as string[]) : [],
      maxConcurrentCalls: row?.max_outbound_calls ?? 0,
    };
  };
  const calls = createSipCalls({
    stack,
    media,
    clock,
    gate: createTrunkGate(config.sip.trunks),
    maxConcurrentCalls: config.sip.maxConcurrentCalls,
    numbers: cc.numbers,
    flows: cc.flows,
    integrations: cc.integrations,
    records: cc.calls,
    transfers: createCallTransfers({
      stack,
      media,
      clock,
      legs,
      acdFor: (instanceId) => cc.acds.acdFor(instanceId),
      outboundPolicy: policy,
      outboundTrunk: config.sip.outboundTrunk,
      outboundAuth: config.sip.outboundAuth,
      directory: {
        hasSkillGroup: (instanceId, name) => cc.acds.hasSkillGroup(instanceId, name),
        agentState: async (instanceId, loginName) =>
          (await cc.acds.agentStateIn(instanceId, loginName))?.state,
      },
      logger: sipLogger,
    }),
    recordCalls: async (instanceId) => (await policy(instanceId)).recordCalls,
    registrar,
    agentCaller: phones.caller,
    prompts: { lookup, promptsDir: join(deps.dataDir, 'prompts') },
    recordingsDir: recordingsFolder(deps.dataDir),
    logger: sipLogger,
  });
  await stack.start();
  await phones.start();
  logger.info(
    `SIP listening on ${stack.addresses.map((a) => `${a.protocol}:${a.host}:${a.port}`).join(', ')}; RTP ports ${config.media.rtpPortMin}-${config.media.rtpPortMax}`,
  );
  return {
    stack,
    media,
    addresses: stack.addresses,
    activeCalls: calls.activeCalls,
    async close() {
      phones.stop();
      await stack.close();
    },
  };
}
