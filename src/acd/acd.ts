import type { Clock, Timer } from '../shared/clock.js';
import { CallDistributor, type SkillGroupDirectory } from './call-distributor.js';
import { acdErrors } from './errors.js';
import { Listeners } from './listeners.js';
import type { AcdLiveState, AgentDrivenState, LiveStateChange } from './live-state.js';
import { MemoryLiveState } from './memory-live-state.js';
import {
  type AcdCall,
  type AgentLoginInput,
  acdCallSchema,
  agentLoginSchema,
  type EnqueueOptionsInput,
  enqueueOptionsSchema,
  parseInput,
} from './schemas.js';
import type {
  AgentOfferer,
  AgentStateChange,
  AgentView,
  CallEvent,
  EnqueueResult,
  GroupSnapshot,
} from './types.js';

/** Automatic call distribution: what the IVR's transfer module and the HTTP API call. */
export interface Acd {
  /** Queues a call for its skill group until an agent answers, or another outcome. */
  enqueue(call: AcdCall, options: EnqueueOptionsInput, signal?: AbortSignal): Promise<EnqueueResult>;
  /** offline → ready or notReady, with the agent's skill groups and levels. */
  login(login: AgentLoginInput): Promise<AgentView>;
  setReady(agentId: string): Promise<AgentView>;
  /** From ready, notReady (new reason) or afterCallWork; while ringing it declines the call. */
  setNotReady(agentId: string, reason?: string): Promise<AgentView>;
  /** → offline; refused while busy. While ringing the call goes to the next agent. */
  logout(agentId: string): Promise<AgentView>;
  /** The agent's call ended: busy → afterCallWork, then ready after the group's ACW time. */
  callEnded(agentId: string): Promise<AgentView>;
  /** afterCallWork → ready before the ACW time is over. */
  finishAfterCallWork(agentId: string): Promise<AgentView>;
  agent(agentId: string): Promise<AgentView | undefined>;
  agents(): Promise<AgentView[]>;
  groupSnapshot(groupId: string): Promise<GroupSnapshot>;
  onAgentStateChange(listener: (change: AgentStateChange) => void): () => void;
  onCallEvent(listener: (event: CallEvent) => void): () => void;
}

export interface AcdDeps {
  clock: Clock;
  offerer: AgentOfferer;
  /** Ring timeout and ACW time per skill group; a Map<string, SkillGroupConfig> will do. */
  groups: SkillGroupDirectory;
  /** Live agents and queues; in-memory (one process) by default. */
  state?: AcdLiveState;
  /** Failures nobody awaits (a listener throwing, the offerer failing); defaults to console.error. */
  onError?: (err: unknown, context: string) => void;
}

export function createAcd(deps: AcdDeps): Acd {
  return new AcdService(deps);
}

class AcdService implements Acd {
  private readonly clock: Clock;
  private readonly groups: SkillGroupDirectory;
  private readonly state: AcdLiveState;
  private readonly agentEvents: Listeners<AgentStateChange>;
  private readonly callEvents: Listeners<CallEvent>;
  private readonly distributor: CallDistributor;
  private readonly afterCallWork = new Map<string, Timer>();
  private readonly onError: (err: unknown, context: string) => void;

  constructor(deps: AcdDeps) {
    const onError = deps.onError ?? ((err, context) => console.error(`acd: ${context}:`, err));
    this.onError = onError;
    this.clock = deps.clock;
    this.groups = deps.groups;
    this.state = deps.state ?? new MemoryLiveState();
    this.agentEvents = new Listeners(onError);
    this.callEvents = new Listeners(onError);
    this.distributor = new CallDistributor({
      clock: deps.clock,
      offerer: deps.offerer,
      state: this.state,
      groups: deps.groups,
      agentEvents: this.agentEvents,
      callEvents: this.callEvents,
      onError,
    });
  }

  enqueue(call: AcdCall, options: EnqueueOptionsInput, signal?: AbortSignal): Promise<EnqueueResult> {
    try {
      const parsedCall = parseInput(acdCallSchema, call, 'call');
      const parsedOptions = parseInput(enqueueOptionsSchema, options, 'queue options');
      return this.distributor.enqueue(parsedCall, parsedOptions, signal);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  async login(input: AgentLoginInput): Promise<AgentView> {
    const login = parseInput(agentLoginSchema, input, 'agent login');
    await this.distributor.apply(await this.state.loginAgent(login, this.clock.now()));
    return this.view(login.agentId);
  }

  setReady(agentId: string): Promise<AgentView> {
    return this.change(agentId, 'ready', undefined);
  }

  setNotReady(agentId: string, reason?: string): Promise<AgentView> {
    return this.change(agentId, 'notReady', reason);
  }

  logout(agentId: string): Promise<AgentView> {
    return this.change(agentId, 'offline', undefined);
  }

  async callEnded(agentId: string): Promise<AgentView> {
    const ended = await this.state.endCall(agentId, this.clock.now());
    await this.distributor.apply(ended);
    const acwMs = this.groups.get(ended.call.skillGroupId)?.afterCallWorkMs ?? 0;
    if (acwMs === 0) await this.endAfterCallWork(agentId, 'afterCallWorkEnded');
    else
      this.afterCallWork.set(
        agentId,
        this.clock.setTimer(acwMs, () => this.afterCallWorkTimedOut(agentId)),
      );
    return this.view(agentId);
  }

  async finishAfterCallWork(agentId: string): Promise<AgentView> {
    if (!(await this.endAfterCallWork(agentId, 'afterCallWorkFinished'))) {
      const state = (await this.view(agentId)).state;
      throw acdErrors.AcdInvalidTransition(`agent ${agentId} is not in afterCallWork (it is ${state})`, {
        details: { agentId, from: state, to: 'ready' },
      });
    }
    return this.view(agentId);
  }

  agent(agentId: string): Promise<AgentView | undefined> {
    return this.state.getAgent(agentId);
  }

  agents(): Promise<AgentView[]> {
    return this.state.listAgents();
  }

  groupSnapshot(groupId: string): Promise<GroupSnapshot> {
    return this.state.groupSnapshot(groupId, this.clock.now());
  }

  onAgentStateChange(listener: (change: AgentStateChange) => void): () => void {
    return this.agentEvents.add(listener);
  }

  onCallEvent(listener: (event: CallEvent) => void): () => void {
    return this.callEvents.add(listener);
  }

  private async change(
    agentId: string,
    to: AgentDrivenState,
    reason: string | undefined,
  ): Promise<AgentView> {
    if (to !== 'ready' && (await this.distributor.agentLeaves(agentId, to, reason)))
      return this.view(agentId);
    const change = await this.state.changeAgentState(agentId, to, { reason, at: this.clock.now() });
    this.cancelAfterCallWork(agentId);
    if (change) await this.distributor.apply(change);
    return this.view(agentId);
  }

  /** afterCallWork → ready, if the agent is still in after-call work; false if it was not. */
  private async endAfterCallWork(agentId: string, reason: string): Promise<boolean> {
    const change: LiveStateChange | undefined = await this.state.changeAgentState(agentId, 'ready', {
      reason,
      at: this.clock.now(),
      ifState: 'afterCallWork',
    });
    if (!change) return false;
    this.cancelAfterCallWork(agentId);
    await this.distributor.apply(change);
    return true;
  }

  private afterCallWorkTimedOut(agentId: string): void {
    this.afterCallWork.delete(agentId);
    this.endAfterCallWork(agentId, 'afterCallWorkEnded').catch((err: unknown) => {
      this.onError(err, `ending after-call work of agent ${agentId}`);
    });
  }

  private cancelAfterCallWork(agentId: string): void {
    this.afterCallWork.get(agentId)?.cancel();
    this.afterCallWork.delete(agentId);
  }

  private async view(agentId: string): Promise<AgentView> {
    const view = await this.state.getAgent(agentId);
    if (!view)
      throw acdErrors.AcdUnknownAgent(`agent ${agentId} has never logged in`, { details: { agentId } });
    return view;
  }
}
