import type { Clock, Timer } from '../shared/clock.js';
import { commonErrors } from '../shared/errors.js';
import { acdErrors } from './errors.js';
import type { Listeners } from './listeners.js';
import type { AcdLiveState, AgentDrivenState, LiveStateChange, NewOffer } from './live-state.js';
import { OfferEnded } from './offer-ended.js';
import {
  type AcdCall,
  DEFAULT_RING_TIMEOUT_MS,
  type EnqueueOptions,
  type SkillGroupConfig,
} from './schemas.js';
import type { AgentOfferer, AgentStateChange, CallEvent, EnqueueResult, OfferOutcome } from './types.js';

/** Skill group settings by id; a Map<string, SkillGroupConfig> is one. */
export interface SkillGroupDirectory {
  get(groupId: string): SkillGroupConfig | undefined;
}

export interface DistributorDeps {
  clock: Clock;
  offerer: AgentOfferer;
  state: AcdLiveState;
  groups: SkillGroupDirectory;
  agentEvents: Listeners<AgentStateChange>;
  callEvents: Listeners<CallEvent>;
  onError: (err: unknown, context: string) => void;
}

/** A caller in the ACD, from enqueue until its outcome. */
interface Waiter {
  readonly call: AcdCall;
  readonly options: EnqueueOptions;
  /** Monotonic time of enqueue, for queueMs. */
  readonly startedAt: number;
  attempts: number;
  /** routing: a live-state decision about this call is in flight. */
  phase: 'routing' | 'queued' | 'ringing' | 'settled';
  /** The queue timeout passed while an offer was ringing: no further offer after this one. */
  deadlinePassed: boolean;
  queueTimer: Timer | undefined;
  offer: RingingOffer | undefined;
  resolve(result: EnqueueResult): void;
  reject(err: unknown): void;
  detach(): void;
}

interface RingingOffer {
  readonly waiter: Waiter;
  readonly agentId: string;
  readonly controller: AbortController;
  readonly ringTimer: Timer;
}

/**
 * Calls from enqueue to outcome: queueing, offering to agents (ring timeout, no answer, next
 * agent), queue timeout and hang-up. Agent/call pairing itself is decided by the live state.
 */
export class CallDistributor {
  private readonly waiters = new Map<string, Waiter>();
  /** Offers placed by this node, by agent id. */
  private readonly offers = new Map<string, RingingOffer>();

  constructor(private readonly deps: DistributorDeps) {}

  async enqueue(call: AcdCall, options: EnqueueOptions, signal?: AbortSignal): Promise<EnqueueResult> {
    this.groupConfig(call.skillGroupId);
    if (this.waiters.has(call.id)) {
      throw acdErrors.AcdDuplicateCall(`call ${call.id} is already in the ACD`, {
        details: { callId: call.id },
      });
    }
    if (!signal?.aborted && (await this.noAgents(call.skillGroupId, options.noAgentsWhen))) {
      return this.endedAtOnce(call, { type: 'noAgents' }, { outcome: 'noAgents' });
    }
    if (signal?.aborted) return this.endedAtOnce(call, { type: 'abandoned' }, { outcome: 'cancelled' });
    const { waiter, outcome } = this.waiterFor(call, options, signal);
    try {
      await this.admit(waiter);
    } catch (err) {
      // Refused by the live state (e.g. the same call id on another node): the caller gets the error.
      this.forget(waiter);
      throw err;
    }
    return outcome;
  }

  /** Publishes a live-state change and places the offers it made. */
  async apply(change: LiveStateChange): Promise<void> {
    for (const event of change.events) this.deps.agentEvents.emit(event);
    for (const offer of change.offers) await this.startOffer(offer);
  }

  /**
   * The agent leaves while its phone rings (logout, not ready): the offer ends and the call goes to
   * the next agent. False when no offer of this node is ringing the agent.
   */
  async agentLeaves(
    agentId: string,
    agentTo: AgentDrivenState,
    reason: string | undefined,
  ): Promise<boolean> {
    const offer = this.offers.get(agentId);
    if (!offer) return false;
    this.endOffer(offer, 'agentLeft');
    await this.requeue(offer, agentTo, reason);
    return true;
  }

  private waiterFor(
    call: AcdCall,
    options: EnqueueOptions,
    signal: AbortSignal | undefined,
  ): { waiter: Waiter; outcome: Promise<EnqueueResult> } {
    let settle: Pick<Waiter, 'resolve' | 'reject'> | undefined;
    const outcome = new Promise<EnqueueResult>((resolve, reject) => {
      settle = { resolve, reject };
    });
    const onAbort = () => this.hangUp(waiter);
    const waiter: Waiter = {
      call,
      options,
      startedAt: this.deps.clock.monotonic(),
      attempts: 0,
      phase: 'routing',
      deadlinePassed: false,
      queueTimer: undefined,
      offer: undefined,
      ...settle!,
      detach: () => signal?.removeEventListener('abort', onAbort),
    };
    this.waiters.set(call.id, waiter);
    signal?.addEventListener('abort', onAbort, { once: true });
    waiter.queueTimer = this.deps.clock.setTimer(options.queueTimeoutMs, () => this.queueTimedOut(waiter));
    return { waiter, outcome };
  }

  private async admit(waiter: Waiter): Promise<void> {
    const { call, options } = waiter;
    const at = this.deps.clock.now();
    const change = await this.deps.state.admitCall(call, { maxQueueLength: options.maxQueueLength, at });
    if (change === 'full') {
      this.settle(waiter, { outcome: 'overflow' }, { type: 'overflow' });
      return;
    }
    if (!isOffered(change, call.id) && waiter.phase !== 'settled') this.callEvent(call, { type: 'queued' });
    await this.routed(waiter, change);
  }

  /** After a decision that offered the call or queued it. */
  private async routed(waiter: Waiter, change: LiveStateChange): Promise<void> {
    if (!isOffered(change, waiter.call.id)) {
      if (waiter.phase !== 'settled' && !waiter.deadlinePassed) waiter.phase = 'queued';
      else {
        // Hung up or timed out while the decision was in flight: take the call back out.
        this.settle(waiter, { outcome: 'timeout' }, { type: 'timeout' });
        await this.deps.state.withdrawCall(waiter.call.id);
      }
    }
    await this.apply(change);
  }

  private async startOffer(offer: NewOffer): Promise<void> {
    const waiter = this.waiters.get(offer.call.id);
    if (!waiter) {
      // The caller left while the pairing was decided: the agent goes back to ready.
      const change = await this.deps.state.endOffer(offer.call.id, offer.agentId, {
        agentTo: 'ready',
        reason: 'callerHungUp',
        at: this.deps.clock.now(),
        call: 'drop',
      });
      if (change) await this.apply(change);
      return;
    }
    this.ring(waiter, offer);
  }

  private ring(waiter: Waiter, offer: NewOffer): void {
    // A group removed from the directory meanwhile still rings for a bounded time.
    const ringTimeoutMs =
      this.deps.groups.get(waiter.call.skillGroupId)?.ringTimeoutMs ?? DEFAULT_RING_TIMEOUT_MS;
    const ringing: RingingOffer = {
      waiter,
      agentId: offer.agentId,
      controller: new AbortController(),
      ringTimer: this.deps.clock.setTimer(ringTimeoutMs, () => {
        this.background(this.offerEnded(ringing, 'noAnswer'), 'ring timeout', waiter);
      }),
    };
    waiter.phase = 'ringing';
    waiter.attempts++;
    waiter.offer = ringing;
    this.offers.set(offer.agentId, ringing);
    this.callEvent(waiter.call, { type: 'offered', agentId: offer.agentId, attempt: waiter.attempts });
    this.background(this.placeOffer(ringing, offer.skillLevel), 'offering a call', waiter);
  }

  private async placeOffer(ringing: RingingOffer, skillLevel: number): Promise<void> {
    const { call } = ringing.waiter;
    let outcome: OfferOutcome;
    try {
      outcome = await this.deps.offerer.offer(
        call,
        { id: ringing.agentId, skillLevel },
        ringing.controller.signal,
      );
    } catch (err) {
      // After an abort the offer is already over and its failure is expected.
      if (!ringing.controller.signal.aborted) this.deps.onError(err, `offering call ${call.id}`);
      outcome = 'failed';
    }
    await this.offerEnded(ringing, outcome);
  }

  private async offerEnded(ringing: RingingOffer, outcome: OfferOutcome): Promise<void> {
    if (this.offers.get(ringing.agentId) !== ringing) return; // already ended (timeout, hang-up, agent left)
    const { waiter, agentId } = ringing;
    if (outcome !== 'answered') {
      this.endOffer(ringing, outcome);
      await this.requeue(ringing, 'notReady', NOT_ANSWERED_REASON[outcome]);
      return;
    }
    this.endOffer(ringing, undefined);
    // The caller learns at once; a hang-up from here on ends a talked call (callEnded), not a wait.
    const queueMs = this.deps.clock.monotonic() - waiter.startedAt;
    const result: EnqueueResult = { outcome: 'answered', agentId, queueMs, attempts: waiter.attempts };
    this.settle(waiter, result, { type: 'answered', agentId });
    const change = await this.deps.state.answerOffer(waiter.call.id, agentId, this.deps.clock.now());
    if (!change) throw commonErrors.Internal(`offer of call ${waiter.call.id} to agent ${agentId} vanished`);
    await this.apply(change);
  }

  /** Stops the local side of an offer; `outcome` set when it ended without an answer. */
  private endOffer(
    ringing: RingingOffer,
    outcome: Exclude<OfferOutcome, 'answered'> | 'agentLeft' | undefined,
  ): void {
    this.offers.delete(ringing.agentId);
    ringing.ringTimer.cancel();
    ringing.waiter.offer = undefined;
    if (ringing.waiter.phase === 'ringing') ringing.waiter.phase = 'routing';
    if (outcome === undefined) return;
    ringing.controller.abort(new OfferEnded(outcome));
    this.callEvent(ringing.waiter.call, { type: 'offerEnded', agentId: ringing.agentId, outcome });
  }

  /** The agent did not take the call: it goes to the next agent unless the queue time is over. */
  private async requeue(
    ringing: RingingOffer,
    agentTo: AgentDrivenState,
    reason: string | undefined,
  ): Promise<void> {
    const { waiter, agentId } = ringing;
    const drop = waiter.deadlinePassed || waiter.phase === 'settled';
    if (drop) this.settle(waiter, { outcome: 'timeout' }, { type: 'timeout' });
    const change = await this.deps.state.endOffer(waiter.call.id, agentId, {
      agentTo,
      reason,
      at: this.deps.clock.now(),
      call: drop ? 'drop' : 'requeue',
    });
    if (!change) return;
    if (drop) await this.apply(change);
    else await this.routed(waiter, change);
  }

  private hangUp(waiter: Waiter): void {
    const { phase, offer } = waiter;
    if (!this.settle(waiter, { outcome: 'cancelled' }, { type: 'abandoned' })) return;
    if (phase === 'queued')
      this.background(this.deps.state.withdrawCall(waiter.call.id), 'withdrawing a call');
    if (!offer) return; // routing: the decision in flight sees the call settled and undoes itself
    this.offers.delete(offer.agentId);
    offer.ringTimer.cancel();
    offer.controller.abort(new OfferEnded('callerHungUp'));
    const release = async () => {
      const change = await this.deps.state.endOffer(waiter.call.id, offer.agentId, {
        agentTo: 'ready',
        reason: 'callerHungUp',
        at: this.deps.clock.now(),
        call: 'drop',
      });
      if (change) await this.apply(change);
    };
    this.background(release(), 'releasing an agent');
  }

  private queueTimedOut(waiter: Waiter): void {
    waiter.queueTimer = undefined;
    waiter.deadlinePassed = true;
    // A ringing offer may still be answered; a decision in flight checks the deadline itself.
    if (waiter.phase !== 'queued') return;
    this.settle(waiter, { outcome: 'timeout' }, { type: 'timeout' });
    this.background(this.deps.state.withdrawCall(waiter.call.id), 'withdrawing a call');
  }

  /** Ends the caller's wait once; false if it had already ended. */
  private settle(waiter: Waiter, result: EnqueueResult, event: CallEventBody): boolean {
    if (waiter.phase === 'settled') return false;
    this.forget(waiter);
    this.callEvent(waiter.call, event);
    waiter.resolve(result);
    return true;
  }

  private fail(waiter: Waiter, err: unknown): void {
    if (waiter.phase === 'settled') return;
    this.forget(waiter);
    waiter.reject(err);
  }

  private forget(waiter: Waiter): void {
    waiter.phase = 'settled';
    waiter.queueTimer?.cancel();
    waiter.detach();
    this.waiters.delete(waiter.call.id);
  }

  private endedAtOnce(call: AcdCall, event: CallEventBody, result: EnqueueResult): EnqueueResult {
    this.callEvent(call, event);
    return result;
  }

  private async noAgents(groupId: string, when: EnqueueOptions['noAgentsWhen']): Promise<boolean> {
    if (when === 'never') return false;
    const { agents } = await this.deps.state.groupSnapshot(groupId, this.deps.clock.now());
    const available = agents.ready + agents.ringing + agents.busy + agents.afterCallWork;
    return when === 'noneAvailable' ? available === 0 : available + agents.notReady === 0;
  }

  private groupConfig(groupId: string): SkillGroupConfig {
    const config = this.deps.groups.get(groupId);
    if (!config) {
      throw acdErrors.AcdUnknownSkillGroup(`skill group ${groupId} is not configured`, {
        details: { groupId },
      });
    }
    return config;
  }

  private callEvent(call: AcdCall, body: CallEventBody): void {
    this.deps.callEvents.emit({
      callId: call.id,
      skillGroupId: call.skillGroupId,
      at: this.deps.clock.now(),
      ...body,
    });
  }

  /** Runs a flow nobody awaits; a failure is reported and ends the caller's wait with it. */
  private background(flow: Promise<unknown>, context: string, waiter?: Waiter): void {
    flow.catch((err: unknown) => {
      this.deps.onError(err, context);
      if (waiter) this.fail(waiter, err);
    });
  }
}

/** A call event without the fields callEvent() fills in (distributes over the union). */
type CallEventBody = CallEvent extends infer E
  ? E extends unknown
    ? Omit<E, 'callId' | 'skillGroupId' | 'at'>
    : never
  : never;

const NOT_ANSWERED_REASON: Record<Exclude<OfferOutcome, 'answered'>, string> = {
  noAnswer: 'noAnswer',
  rejected: 'rejected',
  failed: 'offerFailed',
};

function isOffered(change: LiveStateChange, callId: string): boolean {
  return change.offers.some((o) => o.call.id === callId);
}
