/**
 * The one schema of Hotline, as kysely sees it. Both SQLite and PostgreSQL use it: times are ISO-8601
 * text (sortable on both), JSON documents are text, flags are integers 0/1, binary data is bytes.
 */
export interface Database {
  accounts: AccountsTable;
  users: UsersTable;
  api_keys: ApiKeysTable;
  sessions: SessionsTable;
  workbench_sessions: WorkbenchSessionsTable;
  policies: PoliciesTable;
  user_policies: UserPoliciesTable;
  services: ServicesTable;
  functions: FunctionsTable;
  function_versions: FunctionVersionsTable;
  test_events: TestEventsTable;
  invocations: InvocationsTable;
  settings: SettingsTable;
  instances: InstancesTable;
  skill_groups: SkillGroupsTable;
  agents: AgentsTable;
  agent_skills: AgentSkillsTable;
  prompts: PromptsTable;
  integration_functions: IntegrationFunctionsTable;
  phone_numbers: PhoneNumbersTable;
  flows: FlowsTable;
  flow_versions: FlowVersionsTable;
  flow_test_cases: FlowTestCasesTable;
  calls: CallsTable;
  sip_bindings: SipBindingsTable;
}

export interface AccountsTable {
  id: string;
  name: string;
  created_at: string;
}

export interface UsersTable {
  id: string;
  account_id: string;
  name: string;
  display_name: string;
  /** 1 for the account's owner, who holds every permission in the account. */
  is_owner: number;
  /** 1 for the system administrator (the first account's owner), who may manage accounts. */
  is_admin: number;
  password_hash: string | null;
  created_at: string;
}

export interface ApiKeysTable {
  id: string;
  account_id: string;
  user_id: string;
  secret_hash: string;
  description: string;
  created_at: string;
  last_used_at: string | null;
}

/** A console sign-in (password): the token's secret is kept as its SHA-256 only. */
export interface SessionsTable {
  id: string;
  account_id: string;
  user_id: string;
  secret_hash: string;
  created_at: string;
  expires_at: string;
  /** Updated at most once a minute, so that a busy console does not write on every request. */
  last_used_at: string;
}

export interface WorkbenchSessionsTable {
  id: string;
  account_id: string;
  instance_id: string;
  agent_id: string;
  /** The instance's name as the agent typed it at sign-in. */
  instance_name: string;
  login_name: string;
  display_name: string;
  secret_hash: string;
  created_at: string;
  expires_at: string;
}

export interface PoliciesTable {
  id: string;
  account_id: string;
  name: string;
  description: string;
  document: string;
  created_at: string;
  updated_at: string;
}

export interface UserPoliciesTable {
  account_id: string;
  user_id: string;
  policy_name: string;
  created_at: string;
}

export interface ServicesTable {
  id: string;
  account_id: string;
  region: string;
  name: string;
  description: string;
  created_at: string;
  updated_at: string;
}

export interface FunctionsTable {
  id: string;
  account_id: string;
  service_id: string;
  name: string;
  description: string;
  runtime: string;
  handler: string;
  initializer: string | null;
  timeout_ms: number;
  memory_mb: number;
  environment: string;
  latest_version: number;
  created_at: string;
  updated_at: string;
}

export interface FunctionVersionsTable {
  function_id: string;
  version: number;
  account_id: string;
  description: string;
  runtime: string;
  handler: string;
  initializer: string | null;
  timeout_ms: number;
  memory_mb: number;
  environment: string;
  /** The version's files, as a zip archive. */
  code: Uint8Array;
  code_sha256: string;
  code_size: number;
  created_at: string;
}

export interface TestEventsTable {
  function_id: string;
  name: string;
  account_id: string;
  payload: string;
  created_at: string;
  updated_at: string;
}

export interface InvocationsTable {
  request_id: string;
  account_id: string;
  function_id: string;
  version: number;
  source: string;
  started_at: string;
  duration_ms: number;
  status: string;
  error_type: string | null;
  memory_used_mb: number | null;
  cold_start: number;
  log: string;
  log_truncated: number;
}

export interface SettingsTable {
  key: string;
  value: string;
}

interface Timestamps {
  created_at: string;
  updated_at: string;
}

export interface InstancesTable extends Timestamps {
  id: string;
  account_id: string;
  name: string;
  description: string;
  /** When the account let the contact center invoke its functions (the seed's authorization step). */
  function_access_granted_at: string | null;
  function_access_granted_by: string | null;
  /** 1: bridged conversations are recorded (both parties, one stereo WAV). */
  record_calls: number;
  /** JSON list of number patterns calls may be transferred to ('010*', '+86138XXXXXXXX'). */
  outbound_allow: string;
  /** Concurrent outbound calls the instance may have. */
  max_outbound_calls: number;
}

export interface SkillGroupsTable extends Timestamps {
  id: string;
  account_id: string;
  instance_id: string;
  name: string;
  description: string;
  ring_timeout_seconds: number;
  after_call_work_seconds: number;
}

export interface AgentsTable extends Timestamps {
  id: string;
  account_id: string;
  instance_id: string;
  login_name: string;
  display_name: string;
  extension: string;
  /** The agent's SIP user name (unique across the server) and credentials; null until a password is set. */
  sip_username: string | null;
  /** scrypt, for the workbench sign-in. */
  password_hash: string | null;
  /** Digest HA1 values for sip_realm (RFC 3261 §22, RFC 8760): the password itself is not kept. */
  sip_realm: string | null;
  sip_ha1_md5: string | null;
  sip_ha1_sha256: string | null;
}

export interface AgentSkillsTable {
  agent_id: string;
  skill_group_id: string;
  level: number;
}

export interface PromptsTable extends Timestamps {
  id: string;
  account_id: string;
  instance_id: string;
  name: string;
  /** 'audio' (an uploaded file, normalised) or 'tts' (text spoken by the TTS engine). */
  kind: string;
  text: string | null;
  language: string | null;
  file: string | null;
  duration_ms: number | null;
  source_format: string | null;
}

export interface IntegrationFunctionsTable extends Timestamps {
  id: string;
  account_id: string;
  instance_id: string;
  region: string;
  service: string;
  function: string;
  version: number | null;
  description: string;
}

export interface PhoneNumbersTable extends Timestamps {
  id: string;
  account_id: string;
  instance_id: string;
  number: string;
  flow_id: string | null;
  description: string;
}

export interface FlowsTable extends Timestamps {
  id: string;
  account_id: string;
  instance_id: string;
  name: string;
  description: string;
  draft: string;
  published_version: number | null;
}

export interface FlowVersionsTable {
  flow_id: string;
  version: number;
  account_id: string;
  definition: string;
  note: string;
  published_by: string;
  created_at: string;
}

export interface FlowTestCasesTable extends Timestamps {
  flow_id: string;
  name: string;
  account_id: string;
  definition: string;
}

export interface CallsTable {
  id: string;
  account_id: string;
  instance_id: string;
  /** 'simulated' or 'sip'. */
  channel: string;
  flow_id: string | null;
  flow_version: number | null;
  ani: string;
  dnis: string;
  started_at: string;
  answered_at: string | null;
  ended_at: string | null;
  disposition: string | null;
  outcome: string | null;
  trace: string | null;
  variables: string | null;
  sip_call_id: string | null;
  trunk: string | null;
  /** 'caller', 'hotline', or 'system' (e.g. a restart cut the call). */
  hangup_by: string | null;
  hangup_cause: string | null;
  /** JSON list of {id, kind, file, durationMs, …}. */
  recordings: string | null;
  media_stats: string | null;
  /** The skill group the call was queued in, the agent who took it, and how it went. */
  skill_group: string | null;
  agent: string | null;
  queue_ms: number | null;
  ring_attempts: number | null;
  agent_answered_at: string | null;
  talk_ms: number | null;
  /** JSON: every party the call talked to, in order (CallPartyRecord[]). */
  parties: string | null;
}

/** A registered contact of an agent's phone (RFC 3261 §10). */
export interface SipBindingsTable {
  id: string;
  agent_id: string;
  /** The Contact URI as the phone sent it. */
  contact: string;
  /** Where the REGISTER came from, 'udp:1.2.3.4:5060': requests to the phone go there (NAT). */
  received: string;
  call_id: string;
  cseq: number;
  expires_at: string;
  user_agent: string;
  created_at: string;
  updated_at: string;
}
