/**
 * The agent workbench's server side (docs/workbench-protocol.md): sign-in sessions, one desk per
 * signed-in agent, the pages' WebSockets, and the ringer through which the ACD's offers reach the
 * agents' browsers (next to their SIP phones). Nothing happens until a page connects.
 */
import type { SignInThrottle } from '../../accounts/sign-in-throttle.js';
import type { Clock, Timer } from '../../shared/clock.js';
import type { WebRtcLegs } from '../../telephony/webrtc/index.js';
import type { AgentRinger } from '../agent-legs.js';
import type { Agents } from '../agents.js';
import type { Instances } from '../instances.js';
import type { LiveAcds } from '../live-acd.js';
import { Desk, type DeskSocket } from './desk.js';
import { CLOSE, readClientMessage, WORKBENCH_PROTOCOL, workbenchErrors } from './protocol.js';
import type { WorkbenchSessionStore } from './session-store.js';
import { agentKey, createWorkbenchSessions, type WorkbenchAgent } from './sessions.js';

/** The part of a `ws` socket the workbench uses. */
export interface WorkbenchSocket extends DeskSocket {
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
}

export interface WorkbenchDeps {
  clock: Clock;
  instances: Pick<Instances, 'byName'>;
  agents: Pick<Agents, 'passwordMatches'>;
  acds: Pick<LiveAcds, 'acdFor' | 'setAgentStateIn' | 'agentStateIn' | 'groupTimes'>;
  /** The console's sign-in throttle: failures from one address count across both. */
  throttle: SignInThrottle;
  sessionTtlMs: number;
  /** Where sessions outlive a restart. */
  sessionStore: WorkbenchSessionStore;
  /** The browsers' WebRTC legs. */
  legs: WebRtcLegs;
  /** How long a closed page may take to come back before the agent is logged out (or its call ends). */
  graceMs: number;
  /** Whether an agent (by row id) has a registered SIP phone. */
  hasPhone: (agentId: string) => Promise<boolean>;
  logger: { info(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };
}

export type Workbench = ReturnType<typeof createWorkbench>;

export function createWorkbench(deps: WorkbenchDeps) {
  const { clock, acds } = deps;
  const desks = new Map<string, Desk>();
  const watched = new Map<string, Promise<void>>();
  const unwatch: (() => void)[] = [];
  const sessions = createWorkbenchSessions({
    clock,
    instances: deps.instances,
    agents: deps.agents,
    throttle: deps.throttle,
    ttlMs: deps.sessionTtlMs,
    store: deps.sessionStore,
    logger: deps.logger,
    onReplaced: (s) => desks.get(agentKey(s))?.replaced(s.id),
  });

  function deskOf(agent: WorkbenchAgent): Desk {
    let desk = desks.get(agentKey(agent));
    if (!desk) {
      desk = new Desk({
        agent,
        clock,
        legs: deps.legs,
        acds,
        graceMs: deps.graceMs,
        hasPhone: () => deps.hasPhone(agent.agentId),
        endSession: (id) => sessions.end(id),
        logger: deps.logger,
      });
      desks.set(agentKey(agent), desk);
    }
    return desk;
  }

  /** The instance's ACD tells the desks of its agents about their states and answered calls. */
  function watch(instanceId: string): Promise<void> {
    let watching = watched.get(instanceId);
    if (!watching) {
      const desk = (loginName: string) => desks.get(agentKey({ instanceId, loginName }));
      watching = acds.acdFor(instanceId).then((acd) => {
        unwatch.push(
          acd.onAgentStateChange((change) => desk(change.agentId)?.onStateChange(change)),
          acd.onCallEvent((event) => {
            if (event.type === 'answered') desk(event.agentId)?.onAnswered(event.skillGroupId);
          }),
        );
      });
      watched.set(instanceId, watching);
      watching.catch(() => watched.delete(instanceId));
    }
    return watching;
  }

  /** A page's socket: the token is the subprotocol offered besides the workbench's own. */
  async function open(ws: WorkbenchSocket, offeredProtocols: readonly string[]): Promise<void> {
    const token = offeredProtocols.find((p) => p !== WORKBENCH_PROTOCOL);
    const session = token ? sessions.authenticate(token) : undefined;
    if (!session) {
      ws.close(CLOSE.badToken, 'the session is unknown or has expired: sign in again');
      return;
    }
    const desk = deskOf(session);
    let closed = false;
    let expiry: Timer | undefined;
    // Messages are handled one at a time, in order, once the page has its hello.
    let started: () => void = () => undefined;
    let queue = new Promise<void>((resolve) => {
      started = resolve;
    });
    ws.on('close', () => {
      closed = true;
      expiry?.cancel();
      desk.disconnect(ws);
    });
    ws.on('message', (data, isBinary) => {
      try {
        onMessage(data, isBinary);
      } catch (err) {
        deps.logger.warn({ err, agent: session.loginName }, 'a workbench message failed');
        ws.close(1011, 'the server failed');
      }
    });
    const onMessage = (data: Buffer, isBinary: boolean) => {
      if (!sessions.isCurrent(session.id)) {
        ws.close(CLOSE.badToken, 'the session has ended: sign in again');
        return;
      }
      const read = isBinary
        ? { frame: 'binary frames are not part of the protocol' }
        : readClientMessage(data.toString('utf8'));
      if ('frame' in read) {
        ws.close(CLOSE.protocolError, read.frame);
        return;
      }
      queue = queue.then(() => {
        if (!desk.owns(ws)) return; // a newer page took over
        if ('message' in read) return desk.handle(read.message);
        desk.sendError(workbenchErrors.WorkbenchMessageInvalid(read.invalid), read.replyTo);
      });
    };
    try {
      await watch(session.instanceId);
      if (closed) return;
      await desk.connect(ws, session.id);
      started();
    } catch (err) {
      deps.logger.warn({ err, agent: session.loginName }, 'opening the workbench failed');
      ws.close(1011, 'the workbench could not start');
      return;
    }
    expiry = clock.setTimer(Math.max(0, session.expiresAt - clock.now()), () =>
      ws.close(CLOSE.badToken, 'the session has expired: sign in again'),
    );
    if (closed) expiry.cancel();
  }

  const ringer: AgentRinger = {
    async ring(instanceId, call, agent, signal) {
      const desk = desks.get(agentKey({ instanceId, loginName: agent.loginName }));
      return desk ? desk.ring(call, signal) : { outcome: 'failed' };
    },
  };

  return {
    sessions,
    open,
    /** Rings agents' workbenches (the ACD's offers, next to their phones). */
    ringer,
    /** Whether the agent's workbench is open (a page connected). */
    isOpen: (instanceId: string, loginName: string) =>
      desks.get(agentKey({ instanceId, loginName }))?.connected ?? false,
    async close(): Promise<void> {
      for (const off of unwatch.splice(0)) off();
      for (const desk of desks.values()) desk.shutDown();
      await deps.legs.close();
    },
  };
}
