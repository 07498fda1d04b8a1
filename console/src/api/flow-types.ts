/** IVR flows as the API stores them, the module definitions, and what simulated calls answer. */

export interface Localized {
  en: string;
  zh: string;
}

export interface ExitSpec {
  name: string;
  required: boolean;
  otherwise?: string;
  help?: Localized;
}

export type ModuleCategory = 'flow' | 'media' | 'logic' | 'integration' | 'transfer';

/** A JSON Schema node (draft 2020-12) as produced by zod, with Hotline's x- keywords. */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  enum?: ReadonlyArray<string | number | boolean | null>;
  const?: string | number | boolean | null;
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  'x-variable'?: boolean;
  'x-template'?: boolean;
}

export interface ModuleDescription {
  type: string;
  category: ModuleCategory;
  title: Localized;
  help: Localized;
  configSchema: JsonSchema;
  exits: { fixed: ExitSpec[] } | ConfigExitRule;
}

/**
 * Exits that come from the config: one per item of `config[perItem.list]`, named by the item's
 * `perItem.name` field (help from `perItem.label`), then `followedBy`. `fromConfig` says so in words.
 */
export interface ConfigExitRule {
  fromConfig: Localized;
  perItem: { list: string; name: string; label?: string; required: boolean };
  followedBy: ExitSpec[];
}

export interface FlowModule {
  id: string;
  type: string;
  name?: string;
  config: Record<string, unknown>;
  exits: Record<string, string>;
  position?: { x: number; y: number };
}

export interface VariableDeclaration {
  name: string;
  description?: string;
  initial?: string;
}

export interface FlowDocument {
  name: string;
  description?: string;
  startModuleId?: string;
  fallbackModuleId?: string;
  variables: VariableDeclaration[];
  modules: FlowModule[];
  meta?: Record<string, unknown>;
}

export interface FlowProblem {
  code: string;
  severity: 'error' | 'warning';
  moduleId?: string;
  path?: ReadonlyArray<string | number>;
  message: string;
}

export interface FlowSummary {
  id: string;
  name: string;
  description: string;
  publishedVersion: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface FlowView extends FlowSummary {
  draft: FlowDocument;
  problems: FlowProblem[];
}

export interface FlowVersion {
  version: number;
  note: string;
  publishedBy: string;
  createdAt: string;
  current: boolean;
}

export interface CallOutcome {
  kind: string;
  target?: string;
  skillGroup?: string;
  agent?: string;
  number?: string;
  reason?: string;
  [key: string]: unknown;
}

export interface FunctionStepDetail {
  entry: string;
  event: Record<string, string>;
  requestId?: string;
  durationMs?: number;
  result?: string | null;
  error?: { type: string; message: string };
  logTail?: string;
}

export interface TraceStep {
  seq: number;
  flowId: string;
  moduleId: string;
  moduleType: string;
  moduleName?: string;
  atMs: number;
  durationMs: number;
  exit?: string;
  next?: string;
  changes?: { name: string; before: string; after: string }[];
  detail?: { function?: FunctionStepDetail; [key: string]: unknown };
  end?: CallOutcome;
  error?: string;
  [key: string]: unknown;
}

/** A trace as a simulation answers it; a stored call record keeps only its steps and outcome. */
export interface Trace {
  callId?: string;
  flowId?: string;
  startedAt?: number;
  initialVariables?: Record<string, string>;
  steps: TraceStep[];
  outcome?: CallOutcome;
}

export interface SimulationResult {
  callId: string;
  status: string;
  flow: { name: string; version: number | null };
  outcome?: CallOutcome;
  variables?: Record<string, string>;
  events?: Record<string, unknown>[];
  trace?: Trace;
}

/** A call's recording: the conversation (stereo: caller left, agent right) or a voicemail. */
export interface CallRecording {
  id: string;
  kind: 'call' | 'voicemail' | string;
  durationMs: number;
  channels?: number;
  mailbox?: string;
}

/** For calls transferred to a skill group or an agent: who took it and how it went. */
export interface CallAgent {
  skillGroup: string | null;
  loginName: string | null;
  queueMs: number | null;
  ringAttempts: number | null;
  answeredAt: string | null;
  talkMs: number | null;
}

/** One party the caller talked to (an agent, or a number dialled out). */
export interface CallPartyRecord {
  kind: 'agent' | 'number';
  name: string;
  skillGroup: string | null;
  queueMs: number | null;
  ringAttempts: number;
  answeredAt: string;
  talkMs: number;
}

export interface CallRecord {
  id: string;
  channel: string;
  status: string;
  flow: { id: string | null; name: string | null; version: number | null } | null;
  ani: string;
  dnis: string;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  disposition: string | null;
  outcome: CallOutcome | null;
  variables: Record<string, string> | null;
  trace: Trace | null;
  hangupBy?: string | null;
  hangupCause?: string | null;
  recordings?: CallRecording[];
  agent?: CallAgent | null;
  parties?: CallPartyRecord[];
}

export interface TestCaseReport {
  name: string;
  passed: boolean;
  differences: { path: string; expected: unknown; actual: unknown }[];
  outcome?: CallOutcome;
  trace?: Trace;
  error?: string;
}

export interface LiveGroup {
  groupId: string;
  waiting: number;
  ringing: number;
  talking: number;
  longestWaitMs: number;
  agents: Record<string, number>;
}

export interface LiveAgent {
  agentId: string;
  state: string;
  since: number;
  skills: { groupId: string; level: number }[];
  reason?: string;
  [key: string]: unknown;
}

/** One minute of the instance's queues. */
export interface LiveMinute {
  /** Start of the minute (ISO 8601). */
  minute: string;
  queued: number;
  answered: number;
  abandoned: number;
  /** Queue timeout, queue full or no agents. */
  unanswered: number;
  /** Mean wait of the calls whose wait ended this minute; null when none did. */
  averageWaitMs: number | null;
}

export interface LiveSnapshot {
  /** When the server took it (ISO 8601). */
  at: string;
  skillGroups: LiveGroup[];
  agents: LiveAgent[];
  /** The last 60 minutes, oldest first. */
  perMinute: LiveMinute[];
}
