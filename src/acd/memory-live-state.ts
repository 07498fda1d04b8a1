import { commonErrors } from '../shared/errors.js';
import { type AgentState, assertTransition, CALL_STATES } from './agent-state.js';
import { acdErrors } from './errors.js';
import type {
  AcdLiveState,
  AgentDrivenState,
  ChangeOptions,
  EndOfferOptions,
  LiveStateChange,
} from './live-state.js';
import { type AgentRecord, agentView, type CallRecord, GroupState } from './memory-records.js';
import { compareCallsForAgent } from './ordering.js';
import type { AcdCall, AgentLogin } from './schemas.js';
import type { AgentView, GroupSnapshot } from './types.js';

/**
 * The live state of one process. Every method runs to completion before it returns, so each is
 * atomic. Costs: O(g log n) per decision for an agent in g groups, n agents or calls per group.
 */
export class MemoryLiveState implements AcdLiveState {
  private readonly agents = new Map<string, AgentRecord>();
  private readonly calls = new Map<string, CallRecord>();
  private readonly groups = new Map<string, GroupState>();
  private readySeq = 0;
  private callSeq = 0;

  async loginAgent(login: AgentLogin, at: number): Promise<LiveStateChange> {
    const existing = this.agents.get(login.agentId);
    if (existing && existing.state !== 'offline') {
      throw acdErrors.AcdInvalidTransition(
        `agent ${login.agentId} is already logged in (${existing.state})`,
        {
          details: { agentId: login.agentId, from: existing.state, to: login.state },
        },
      );
    }
    const agent = existing ?? this.createAgent(login.agentId, at);
    this.setSkills(agent, new Map(login.skills.map((s) => [s.groupId, s.level])));
    const out = emptyChange();
    if (login.state === 'ready') this.becomeReady(agent, login.reason, at, out);
    else this.setState(agent, 'notReady', login.reason, at, out);
    return out;
  }

  async changeAgentState(
    agentId: string,
    to: AgentDrivenState,
    options: ChangeOptions,
  ): Promise<LiveStateChange | undefined> {
    const agent = this.agent(agentId);
    if (options.ifState !== undefined && agent.state !== options.ifState) return undefined;
    // Leaving ringing or busy also ends an offer or a call: endOffer and endCall do that.
    if (CALL_STATES.has(agent.state)) {
      const why = agent.state === 'ringing' ? 'a call is being offered to it' : 'its call must end first';
      throw acdErrors.AcdInvalidTransition(
        `agent ${agentId} cannot go from ${agent.state} to ${to}: ${why}`,
        {
          details: { agentId, from: agent.state, to },
        },
      );
    }
    const out = emptyChange();
    if (to === 'ready') this.becomeReady(agent, options.reason, options.at, out);
    else this.setState(agent, to, options.reason, options.at, out);
    return out;
  }

  async admitCall(
    call: AcdCall,
    options: { maxQueueLength?: number | undefined; at: number },
  ): Promise<LiveStateChange | 'full'> {
    if (this.calls.has(call.id)) {
      throw acdErrors.AcdDuplicateCall(`call ${call.id} is already in the ACD`, {
        details: { callId: call.id },
      });
    }
    const group = this.group(call.skillGroupId);
    const { maxQueueLength } = options;
    if (group.ready.size === 0 && maxQueueLength !== undefined && group.waiting.size >= maxQueueLength) {
      return 'full';
    }
    const record: CallRecord = {
      call,
      priority: call.priority,
      enqueuedAt: options.at,
      seq: ++this.callSeq,
      status: 'waiting',
      agentId: undefined,
    };
    this.calls.set(call.id, record);
    group.unanswered.set(call.id, options.at);
    const out = emptyChange();
    this.place(record, options.at, out);
    return out;
  }

  async withdrawCall(callId: string): Promise<boolean> {
    const record = this.calls.get(callId);
    if (record?.status !== 'waiting') return false;
    this.group(record.call.skillGroupId).waiting.delete(callId);
    this.forget(record);
    return true;
  }

  async answerOffer(callId: string, agentId: string, at: number): Promise<LiveStateChange | undefined> {
    const offer = this.standingOffer(callId, agentId);
    if (!offer) return undefined;
    const group = this.group(offer.record.call.skillGroupId);
    offer.record.status = 'talking';
    group.ringing--;
    group.talking++;
    group.unanswered.delete(callId);
    const out = emptyChange();
    this.setState(offer.agent, 'busy', undefined, at, out, callId);
    return out;
  }

  async endOffer(
    callId: string,
    agentId: string,
    options: EndOfferOptions,
  ): Promise<LiveStateChange | undefined> {
    const offer = this.standingOffer(callId, agentId);
    if (!offer) return undefined;
    const { record, agent } = offer;
    this.group(record.call.skillGroupId).ringing--;
    record.agentId = undefined;
    const out = emptyChange();
    if (options.agentTo === 'ready') this.becomeReady(agent, options.reason, options.at, out, true);
    else this.setState(agent, options.agentTo, options.reason, options.at, out);
    if (options.call === 'drop') this.forget(record);
    else this.place(record, options.at, out);
    return out;
  }

  async endCall(
    agentId: string,
    at: number,
  ): Promise<LiveStateChange & { call: { id: string; skillGroupId: string } }> {
    const agent = this.agent(agentId);
    const record = agent.callId === undefined ? undefined : this.calls.get(agent.callId);
    assertTransition(agentId, agent.state, 'afterCallWork');
    if (!record) throw commonErrors.Internal(`agent ${agentId} is busy without a call`);
    this.group(record.call.skillGroupId).talking--;
    this.forget(record);
    const out = emptyChange();
    this.setState(agent, 'afterCallWork', undefined, at, out);
    return { ...out, call: { id: record.call.id, skillGroupId: record.call.skillGroupId } };
  }

  async getAgent(agentId: string): Promise<AgentView | undefined> {
    const agent = this.agents.get(agentId);
    return agent && agentView(agent);
  }

  async listAgents(): Promise<AgentView[]> {
    return [...this.agents.values()].map(agentView);
  }

  async groupSnapshot(groupId: string, at: number): Promise<GroupSnapshot> {
    return (this.groups.get(groupId) ?? new GroupState(groupId)).snapshot(at);
  }

  /** Enters ready, then takes the best waiting call of the agent's groups or joins their ready heaps. */
  private becomeReady(
    agent: AgentRecord,
    reason: string | undefined,
    at: number,
    out: LiveStateChange,
    keepIdleSince = false,
  ): void {
    this.setState(agent, 'ready', reason, at, out);
    if (!keepIdleSince) {
      agent.idleSince = at;
      agent.readySeq = ++this.readySeq;
    }
    const call = this.takeBestCallFor(agent);
    if (call) {
      this.ring(agent, call, at, out);
      return;
    }
    for (const [groupId, skillLevel] of agent.skills) {
      this.group(groupId).ready.push(agent.id, {
        agentId: agent.id,
        skillLevel,
        idleSince: agent.idleSince,
        readySeq: agent.readySeq,
      });
    }
  }

  /** The head of each of the agent's queues competes; see compareCallsForAgent. */
  private takeBestCallFor(agent: AgentRecord): CallRecord | undefined {
    let best: (CallRecord & { skillLevel: number }) | undefined;
    for (const [groupId, skillLevel] of agent.skills) {
      const head = this.groups.get(groupId)?.waiting.peek();
      if (!head) continue;
      const candidate = { ...head, skillLevel };
      if (!best || compareCallsForAgent(candidate, best) < 0) best = candidate;
    }
    if (!best) return undefined;
    return this.group(best.call.skillGroupId).waiting.delete(best.call.id);
  }

  /** Offers the call to the group's best ready agent, or queues it. */
  private place(record: CallRecord, at: number, out: LiveStateChange): void {
    const group = this.group(record.call.skillGroupId);
    const best = group.ready.peek();
    if (best) {
      this.ring(this.agent(best.agentId), record, at, out);
      return;
    }
    record.status = 'waiting';
    group.waiting.push(record.call.id, record);
  }

  private ring(agent: AgentRecord, record: CallRecord, at: number, out: LiveStateChange): void {
    const groupId = record.call.skillGroupId;
    record.status = 'ringing';
    record.agentId = agent.id;
    this.group(groupId).ringing++;
    this.setState(agent, 'ringing', undefined, at, out, record.call.id);
    out.offers.push({ call: record.call, agentId: agent.id, skillLevel: agent.skills.get(groupId) ?? 0 });
  }

  /** The one place an agent's state changes: checks the table, keeps heaps and counters right. */
  private setState(
    agent: AgentRecord,
    to: AgentState,
    reason: string | undefined,
    at: number,
    out: LiveStateChange,
    callId?: string,
  ): void {
    const from = agent.state;
    assertTransition(agent.id, from, to);
    for (const groupId of agent.skills.keys()) {
      const group = this.group(groupId);
      if (from === 'ready') group.ready.delete(agent.id);
      group.agents[from]--;
      group.agents[to]++;
    }
    agent.state = to;
    agent.reason = reason;
    agent.since = at;
    // The call id stays on the event out of ringing/busy so listeners can link it.
    const eventCallId = callId ?? agent.callId;
    agent.callId = callId;
    out.events.push({ agentId: agent.id, from, to, reason, callId: eventCallId, at });
  }

  private createAgent(id: string, at: number): AgentRecord {
    const agent: AgentRecord = {
      id,
      state: 'offline',
      reason: undefined,
      since: at,
      idleSince: at,
      readySeq: 0,
      skills: new Map(),
      callId: undefined,
    };
    this.agents.set(id, agent);
    return agent;
  }

  /** Only while offline, so only the offline counters move. */
  private setSkills(agent: AgentRecord, skills: Map<string, number>): void {
    for (const groupId of agent.skills.keys()) this.group(groupId).agents.offline--;
    agent.skills = skills;
    for (const groupId of skills.keys()) this.group(groupId).agents.offline++;
  }

  private standingOffer(
    callId: string,
    agentId: string,
  ): { record: CallRecord; agent: AgentRecord } | undefined {
    const record = this.calls.get(callId);
    const agent = this.agents.get(agentId);
    if (record?.status !== 'ringing' || record.agentId !== agentId || !agent) return undefined;
    return { record, agent };
  }

  private forget(record: CallRecord): void {
    this.calls.delete(record.call.id);
    this.group(record.call.skillGroupId).unanswered.delete(record.call.id);
  }

  private agent(agentId: string): AgentRecord {
    const agent = this.agents.get(agentId);
    if (!agent) {
      throw acdErrors.AcdUnknownAgent(`agent ${agentId} has never logged in`, { details: { agentId } });
    }
    return agent;
  }

  private group(groupId: string): GroupState {
    let group = this.groups.get(groupId);
    if (!group) {
      group = new GroupState(groupId);
      this.groups.set(groupId, group);
    }
    return group;
  }
}

function emptyChange(): LiveStateChange {
  return { events: [], offers: [] };
}
