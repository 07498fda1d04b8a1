/**
 * The one schema of Hotline, as kysely sees it. Both SQLite and PostgreSQL use it: times are ISO-8601
 * text (sortable on both), JSON documents are text, flags are integers 0/1, binary data is bytes.
 */
export interface Database {
  accounts: AccountsTable;
  users: UsersTable;
  api_keys: ApiKeysTable;
  policies: PoliciesTable;
  user_policies: UserPoliciesTable;
  services: ServicesTable;
  functions: FunctionsTable;
  function_versions: FunctionVersionsTable;
  test_events: TestEventsTable;
  invocations: InvocationsTable;
  settings: SettingsTable;
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
