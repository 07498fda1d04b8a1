import type {
  AcdCall,
  AgentOfferer,
  AgentStateChange,
  CallEvent,
  EnqueueOptionsInput,
  EnqueueResult,
  OfferedAgent,
  OfferOutcome,
} from '../../src/acd/index.js';
import { type Acd, type AcdLiveState, createAcd, type SkillGroupConfig } from '../../src/acd/index.js';
import { VirtualClock } from '../../src/shared/virtual-clock.js';

/** An offer the test decides the outcome of. */
export interface FakeOffer {
  call: AcdCall;
  agent: OfferedAgent;
  signal: AbortSignal;
  settle(outcome: OfferOutcome): void;
}

/** Rings nobody: records each offer and lets the test answer, refuse or ignore it. */
export class FakeOfferer implements AgentOfferer {
  readonly offers: FakeOffer[] = [];
  /** When set, offer() throws this instead of ringing. */
  failWith: Error | undefined;

  offer(call: AcdCall, agent: OfferedAgent, signal: AbortSignal): Promise<OfferOutcome> {
    if (this.failWith) return Promise.reject(this.failWith);
    return new Promise((resolve) => this.offers.push({ call, agent, signal, settle: resolve }));
  }

  /** The newest offer made to the agent. */
  to(agentId: string): FakeOffer {
    const offer = this.offers.findLast((o) => o.agent.id === agentId);
    if (!offer) throw new Error(`no offer was made to agent ${agentId}`);
    return offer;
  }

  /** "call → agent" for each offer so far, in order. */
  log(): string[] {
    return this.offers.map((o) => `${o.call.id}→${o.agent.id}`);
  }
}

export const GROUPS: SkillGroupConfig[] = [
  { id: 'beijing', ringTimeoutMs: 20_000, afterCallWorkMs: 0 },
  { id: 'hebei', ringTimeoutMs: 15_000, afterCallWorkMs: 30_000 },
];

export interface Harness {
  acd: Acd;
  clock: VirtualClock;
  offerer: FakeOfferer;
  agentEvents: AgentStateChange[];
  callEvents: CallEvent[];
  errors: unknown[];
  /** Lets pending promise callbacks run (virtual time does not move). */
  settle(): Promise<void>;
  /** Starts an enqueue; the caller hangs up with hangUp(). */
  enqueue(call: Partial<AcdCall> & { id: string }, options?: Partial<EnqueueOptionsInput>): Queued;
  /** Logs an agent in as ready in the given groups ({group: level}). */
  ready(agentId: string, skills: Record<string, number>): Promise<void>;
  /** Answers the newest offer to the agent. */
  answer(agentId: string): Promise<void>;
}

export interface Queued {
  result: Promise<EnqueueResult>;
  hangUp(): void;
}

export function harness(options: { groups?: SkillGroupConfig[]; state?: AcdLiveState } = {}): Harness {
  const clock = new VirtualClock();
  const offerer = new FakeOfferer();
  const errors: unknown[] = [];
  const groups = new Map((options.groups ?? GROUPS).map((g) => [g.id, g]));
  const acd = createAcd({ clock, offerer, groups, state: options.state, onError: (err) => errors.push(err) });
  const agentEvents: AgentStateChange[] = [];
  const callEvents: CallEvent[] = [];
  acd.onAgentStateChange((e) => agentEvents.push(e));
  acd.onCallEvent((e) => callEvents.push(e));
  const settle = () => clock.advance(0);
  return {
    acd,
    clock,
    offerer,
    agentEvents,
    callEvents,
    errors,
    settle,
    enqueue(call, queueOptions) {
      const controller = new AbortController();
      const fullCall: AcdCall = { skillGroupId: 'beijing', priority: 0, ani: '13800138000', ...call };
      const result = acd.enqueue(fullCall, { queueTimeoutMs: 600_000, ...queueOptions }, controller.signal);
      return { result, hangUp: () => controller.abort(new Error('caller hung up')) };
    },
    async ready(agentId, skills) {
      const list = Object.entries(skills).map(([groupId, level]) => ({ groupId, level }));
      await acd.login({ agentId, skills: list, state: 'ready' });
      await settle();
    },
    async answer(agentId) {
      offerer.to(agentId).settle('answered');
      await settle();
    },
  };
}

/** Resolves with 'pending' if the promise has not settled yet. */
export async function peek<T>(promise: Promise<T>): Promise<T | 'pending'> {
  const marker = Symbol('pending');
  const value = await Promise.race([
    promise,
    new Promise<typeof marker>((r) => setImmediate(() => r(marker))),
  ]);
  return value === marker ? 'pending' : (value as T);
}
