/** The ACD's public surface: wire createAcd() in the composition root. */
export { type Acd, type AcdDeps, createAcd } from './acd.js';
export { AGENT_STATES, AGENT_TRANSITIONS, type AgentState, canTransition } from './agent-state.js';
export type { SkillGroupDirectory } from './call-distributor.js';
export { acdErrors } from './errors.js';
export type {
  AcdLiveState,
  AgentDrivenState,
  ChangeOptions,
  EndOfferOptions,
  LiveStateChange,
  NewOffer,
} from './live-state.js';
export { MemoryLiveState } from './memory-live-state.js';
export { OfferEnded, type OfferEndReason } from './offer-ended.js';
export {
  type AcdCall,
  type AgentLogin,
  type AgentLoginInput,
  type AgentSkill,
  acdCallSchema,
  agentLoginSchema,
  type EnqueueOptions,
  type EnqueueOptionsInput,
  enqueueOptionsSchema,
  type SkillGroupConfig,
  skillGroupConfigSchema,
  skillLevelSchema,
} from './schemas.js';
export type {
  AgentOfferer,
  AgentStateChange,
  AgentView,
  CallEvent,
  EnqueueResult,
  GroupSnapshot,
  OfferedAgent,
  OfferOutcome,
} from './types.js';
