/** The shapes the HTTP API answers with (see /openapi.json). */

export interface Region {
  id: string;
  name: string;
}

export interface Service {
  region: string;
  name: string;
  description: string;
  createdAt: string;
  updatedAt: string;
}

export type Runtime = 'nodejs20' | 'python3';

export interface FunctionSettings {
  description: string;
  runtime: Runtime;
  handler: string;
  initializer: string | null;
  timeoutSeconds: number;
  memoryMb: number;
  environmentVariables: Record<string, string>;
}

export interface FunctionInfo extends FunctionSettings {
  region: string;
  serviceName: string;
  name: string;
  version: number;
  codeSha256: string;
  codeSize: number;
  createdAt: string;
  updatedAt: string;
}

export type FunctionVersion = Omit<FunctionInfo, 'region' | 'serviceName' | 'name' | 'updatedAt'>;

export type CodeFiles = Record<string, string | { base64: string }>;

export interface TestEvent {
  name: string;
  payload: string;
  createdAt: string;
  updatedAt: string;
}

export interface InvocationSummary {
  requestId: string;
  version: number;
  status: 'success' | 'error';
  result: string | null;
  resultBase64?: string;
  errorType?: string;
  error?: { errorMessage: string; errorType: string; stackTrace: string[] };
  durationMs: number;
  maxMemoryUsedMb: number | null;
  coldStart: boolean;
  log: string;
  logTruncated: boolean;
}

export interface InvocationRecord {
  requestId: string;
  version: number;
  source: string;
  startedAt: string;
  durationMs: number;
  status: 'success' | 'error';
  errorType: string | null;
  maxMemoryUsedMb: number | null;
  coldStart: boolean;
  log?: string;
  logTruncated: boolean;
}

export interface Instance {
  id: string;
  name: string;
  description: string;
  functionAccess: { granted: boolean; grantedAt: string | null; grantedBy: string | null };
  /** Bridged conversations are recorded: both parties in one stereo WAV. */
  recordCalls: boolean;
  /** Numbers calls may be transferred to (digits, X = any digit, final * = any further digits). */
  outbound: { allow: string[]; maxConcurrentCalls: number };
  createdAt: string;
  updatedAt: string;
}

export interface PhoneNumber {
  id: string;
  number: string;
  flow: string | null;
  description: string;
  createdAt: string;
  updatedAt: string;
}

export interface SkillGroup {
  id: string;
  name: string;
  description: string;
  ringTimeoutSeconds: number;
  afterCallWorkSeconds: number;
  createdAt: string;
  updatedAt: string;
}

export interface Skill {
  skillGroup: string;
  level: number;
}

export interface Agent {
  id: string;
  loginName: string;
  displayName: string;
  extension: string;
  skills: Skill[];
  /** The user name the agent's SIP phone registers with; null until a password is set. */
  sipUsername: string | null;
  hasPassword: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface InstanceSettings {
  description?: string;
  recordCalls?: boolean;
  outbound?: { allow?: string[]; maxConcurrentCalls?: number };
}

export interface AgentFields {
  displayName?: string;
  extension?: string;
  skills?: Skill[];
  /** Write-only: never answered back. */
  password?: string;
  sipUsername?: string;
}

/** What GET /v1/status says (the parts the console reads). */
export interface ServerStatus {
  version: string;
  telephony:
    | 'off'
    | {
        activeCalls: number;
        registrar?: { realm: string; addresses: { transport: 'udp' | 'tcp'; host: string; port: number }[] };
      };
}

export interface Prompt {
  id: string;
  name: string;
  kind: 'audio' | 'tts';
  text: string | null;
  language: string | null;
  durationMs: number | null;
  sourceFormat: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface FunctionEntry {
  id: string;
  region: string;
  service: string;
  function: string;
  version: number | null;
  description: string;
  createdAt: string;
  updatedAt: string;
}

export interface EntryTestResult {
  ok: boolean;
  error?: { code: string; message: string };
  invocation?: InvocationSummary;
}
