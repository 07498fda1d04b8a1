import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Clock } from '../shared/clock.js';
import { commonErrors } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { Database } from '../store/schema.js';
import { builtInPolicies, findBuiltInPolicy, type PolicyDocument, policyDocumentSchema } from './policy.js';
import type { Principal } from './principal.js';
import {
  hashPassword,
  issueApiKey,
  parseApiKey,
  passwordMatches,
  passwordMismatchDelay,
  secretMatches,
} from './secrets.js';

export interface AccountView {
  id: string;
  name: string;
  createdAt: string;
}

export interface UserView {
  id: string;
  name: string;
  displayName: string;
  isOwner: boolean;
  policies: string[];
  createdAt: string;
}

export interface ApiKeyView {
  id: string;
  userName: string;
  description: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface PolicyView {
  name: string;
  description: string;
  builtIn: boolean;
  document: PolicyDocument;
}

export type Accounts = ReturnType<typeof createAccounts>;

/** Accounts, their users, API keys and policies. Every query is scoped to one account. */
export function createAccounts(deps: { db: Kysely<Database>; clock: Clock }) {
  const { db, clock } = deps;
  const now = () => new Date(clock.now()).toISOString();

  async function loadPrincipal(userId: string): Promise<Principal | undefined> {
    const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
    if (!user) return undefined;
    const attached = await db
      .selectFrom('user_policies')
      .select('policy_name')
      .where('user_id', '=', user.id)
      .execute();
    const names = attached.map((a) => a.policy_name);
    const documents: PolicyDocument[] = [];
    const custom = names.filter((n) => !findBuiltInPolicy(n));
    for (const name of names) {
      const builtIn = findBuiltInPolicy(name);
      if (builtIn) documents.push(builtIn.document);
    }
    if (custom.length > 0) {
      const rows = await db
        .selectFrom('policies')
        .select('document')
        .where('account_id', '=', user.account_id)
        .where('name', 'in', custom)
        .execute();
      for (const row of rows) documents.push(policyDocumentSchema.parse(JSON.parse(row.document)));
    }
    return {
      accountId: user.account_id,
      userId: user.id,
      userName: user.name,
      isOwner: user.is_owner === 1,
      isAdmin: user.is_admin === 1,
      policies: documents,
    };
  }

  async function userIdByName(accountId: string, name: string): Promise<string> {
    const row = await db
      .selectFrom('users')
      .select('id')
      .where('account_id', '=', accountId)
      .where('name', '=', name)
      .executeTakeFirst();
    if (!row) throw commonErrors.NotFound(`user '${name}' does not exist`);
    return row.id;
  }

  async function createApiKey(accountId: string, userName: string, description = '') {
    const userId = await userIdByName(accountId, userName);
    const issued = issueApiKey(newId('key'));
    await db
      .insertInto('api_keys')
      .values({
        id: issued.keyId,
        account_id: accountId,
        user_id: userId,
        secret_hash: issued.secretHash,
        description,
        created_at: now(),
        last_used_at: null,
      })
      .execute();
    return { id: issued.keyId, token: issued.token };
  }

  async function createAccountWithOwner(
    name: string,
    options: { admin: boolean; ownerPassword?: string | undefined },
  ) {
    const existing = await db.selectFrom('accounts').select('id').where('name', '=', name).executeTakeFirst();
    if (existing) throw commonErrors.AlreadyExists(`account '${name}' already exists`);
    const accountId = newId('acc');
    const createdAt = now();
    const passwordHash = options.ownerPassword ? await hashPassword(options.ownerPassword) : null;
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('accounts').values({ id: accountId, name, created_at: createdAt }).execute();
      await tx
        .insertInto('users')
        .values({
          id: newId('usr'),
          account_id: accountId,
          name: 'owner',
          display_name: `${name} owner`,
          is_owner: 1,
          is_admin: options.admin ? 1 : 0,
          password_hash: passwordHash,
          created_at: createdAt,
        })
        .execute();
    });
    const key = await createApiKey(accountId, 'owner', 'created with the account');
    return { account: { id: accountId, name, createdAt }, ownerKey: key };
  }

  async function listPolicyNames(userId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('user_policies')
      .select('policy_name')
      .where('user_id', '=', userId)
      .orderBy('policy_name')
      .execute();
    return rows.map((r) => r.policy_name);
  }

  async function policyExists(accountId: string, name: string): Promise<boolean> {
    if (findBuiltInPolicy(name)) return true;
    const row = await db
      .selectFrom('policies')
      .select('id')
      .where('account_id', '=', accountId)
      .where('name', '=', name)
      .executeTakeFirst();
    return row !== undefined;
  }

  return {
    /**
     * On first start: the system account `root`, its owner (the system administrator) and an API
     * key, written to <dataDir>/root-api-key with mode 0600. Returns the key only when it was
     * created now, so that it is printed once.
     */
    async bootstrap(dataDir: string): Promise<{ token: string; file: string } | undefined> {
      const any = await db.selectFrom('accounts').select('id').limit(1).executeTakeFirst();
      if (any) return undefined;
      const { ownerKey } = await createAccountWithOwner('root', { admin: true });
      mkdirSync(dataDir, { recursive: true });
      const file = join(dataDir, 'root-api-key');
      writeFileSync(file, `${ownerKey.token}\n`, { mode: 0o600 });
      chmodSync(file, 0o600);
      return { token: ownerKey.token, file };
    },

    /** Resolves an API key to its principal, or undefined when the key is unknown or wrong. */
    async authenticate(token: string): Promise<Principal | undefined> {
      const parsed = parseApiKey(token);
      if (!parsed) return undefined;
      const key = await db
        .selectFrom('api_keys')
        .selectAll()
        .where('id', '=', parsed.keyId)
        .executeTakeFirst();
      if (!key || !secretMatches(parsed.secret, key.secret_hash)) return undefined;
      return loadPrincipal(key.user_id);
    },

    /**
     * Checks a user's password (console sign-in); undefined when the account, the user or the
     * password is wrong, or the user has no password. Every "no" takes as long as a wrong password.
     */
    async authenticatePassword(
      accountName: string,
      userName: string,
      password: string,
    ): Promise<Principal | undefined> {
      const row = await db
        .selectFrom('users')
        .innerJoin('accounts', 'accounts.id', 'users.account_id')
        .select(['users.id', 'users.password_hash'])
        .where('accounts.name', '=', accountName)
        .where('users.name', '=', userName)
        .executeTakeFirst();
      const matches = row?.password_hash
        ? await passwordMatches(password, row.password_hash)
        : await passwordMismatchDelay(password);
      if (!row || !matches) return undefined;
      return loadPrincipal(row.id);
    },

    loadPrincipal,

    createAccount: (name: string, ownerPassword?: string) =>
      createAccountWithOwner(name, { admin: false, ownerPassword }),

    async listAccounts(): Promise<AccountView[]> {
      const rows = await db.selectFrom('accounts').selectAll().orderBy('created_at').execute();
      return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at }));
    },

    async getAccount(accountId: string): Promise<AccountView> {
      const r = await db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
      if (!r) throw commonErrors.NotFound('account does not exist');
      return { id: r.id, name: r.name, createdAt: r.created_at };
    },

    async createUser(
      accountId: string,
      input: {
        name: string;
        displayName?: string | undefined;
        password?: string | undefined;
        policies?: string[] | undefined;
      },
    ): Promise<UserView> {
      const clash = await db
        .selectFrom('users')
        .select('id')
        .where('account_id', '=', accountId)
        .where('name', '=', input.name)
        .executeTakeFirst();
      if (clash) throw commonErrors.AlreadyExists(`user '${input.name}' already exists`);
      for (const p of input.policies ?? []) {
        if (!(await policyExists(accountId, p))) throw commonErrors.NotFound(`policy '${p}' does not exist`);
      }
      const id = newId('usr');
      const createdAt = now();
      const passwordHash = input.password ? await hashPassword(input.password) : null;
      await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('users')
          .values({
            id,
            account_id: accountId,
            name: input.name,
            display_name: input.displayName ?? input.name,
            is_owner: 0,
            is_admin: 0,
            password_hash: passwordHash,
            created_at: createdAt,
          })
          .execute();
        for (const p of new Set(input.policies ?? [])) {
          await tx
            .insertInto('user_policies')
            .values({ account_id: accountId, user_id: id, policy_name: p, created_at: createdAt })
            .execute();
        }
      });
      return {
        id,
        name: input.name,
        displayName: input.displayName ?? input.name,
        isOwner: false,
        policies: [...new Set(input.policies ?? [])].sort(),
        createdAt,
      };
    },

    async listUsers(accountId: string): Promise<UserView[]> {
      const rows = await db
        .selectFrom('users')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('name')
        .execute();
      const out: UserView[] = [];
      for (const r of rows) {
        out.push({
          id: r.id,
          name: r.name,
          displayName: r.display_name,
          isOwner: r.is_owner === 1,
          policies: await listPolicyNames(r.id),
          createdAt: r.created_at,
        });
      }
      return out;
    },

    async getUser(accountId: string, name: string): Promise<UserView> {
      const id = await userIdByName(accountId, name);
      const r = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return {
        id: r.id,
        name: r.name,
        displayName: r.display_name,
        isOwner: r.is_owner === 1,
        policies: await listPolicyNames(r.id),
        createdAt: r.created_at,
      };
    },

    async deleteUser(accountId: string, name: string): Promise<void> {
      const id = await userIdByName(accountId, name);
      const r = await db
        .selectFrom('users')
        .select('is_owner')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      if (r.is_owner === 1) throw commonErrors.Conflict("the account's owner cannot be deleted");
      await db.deleteFrom('users').where('id', '=', id).execute();
    },

    async setPassword(accountId: string, name: string, password: string): Promise<void> {
      const id = await userIdByName(accountId, name);
      await db
        .updateTable('users')
        .set({ password_hash: await hashPassword(password) })
        .where('id', '=', id)
        .execute();
    },

    createApiKey,

    async listApiKeys(accountId: string): Promise<ApiKeyView[]> {
      const rows = await db
        .selectFrom('api_keys')
        .innerJoin('users', 'users.id', 'api_keys.user_id')
        .select([
          'api_keys.id',
          'users.name as user_name',
          'api_keys.description',
          'api_keys.created_at',
          'api_keys.last_used_at',
        ])
        .where('api_keys.account_id', '=', accountId)
        .orderBy('api_keys.created_at')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        userName: r.user_name,
        description: r.description,
        createdAt: r.created_at,
        lastUsedAt: r.last_used_at,
      }));
    },

    async deleteApiKey(accountId: string, keyId: string): Promise<void> {
      const res = await db
        .deleteFrom('api_keys')
        .where('account_id', '=', accountId)
        .where('id', '=', keyId)
        .executeTakeFirst();
      if (Number(res.numDeletedRows) === 0) throw commonErrors.NotFound(`API key '${keyId}' does not exist`);
    },

    async createPolicy(
      accountId: string,
      input: { name: string; description?: string | undefined; document: PolicyDocument },
    ) {
      if (findBuiltInPolicy(input.name))
        throw commonErrors.AlreadyExists(`'${input.name}' is a built-in policy`);
      if (await policyExists(accountId, input.name))
        throw commonErrors.AlreadyExists(`policy '${input.name}' already exists`);
      const at = now();
      await db
        .insertInto('policies')
        .values({
          id: newId('pol'),
          account_id: accountId,
          name: input.name,
          description: input.description ?? '',
          document: JSON.stringify(input.document),
          created_at: at,
          updated_at: at,
        })
        .execute();
      return {
        name: input.name,
        description: input.description ?? '',
        builtIn: false,
        document: input.document,
      };
    },

    async listPolicies(accountId: string): Promise<PolicyView[]> {
      const rows = await db
        .selectFrom('policies')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('name')
        .execute();
      return [
        ...builtInPolicies.map((p) => ({ ...p })),
        ...rows.map((r) => ({
          name: r.name,
          description: r.description,
          builtIn: false,
          document: policyDocumentSchema.parse(JSON.parse(r.document)),
        })),
      ];
    },

    async deletePolicy(accountId: string, name: string): Promise<void> {
      if (findBuiltInPolicy(name)) throw commonErrors.Conflict(`built-in policy '${name}' cannot be deleted`);
      const res = await db
        .deleteFrom('policies')
        .where('account_id', '=', accountId)
        .where('name', '=', name)
        .executeTakeFirst();
      if (Number(res.numDeletedRows) === 0) throw commonErrors.NotFound(`policy '${name}' does not exist`);
      await db
        .deleteFrom('user_policies')
        .where('account_id', '=', accountId)
        .where('policy_name', '=', name)
        .execute();
    },

    async attachPolicy(accountId: string, userName: string, policy: string): Promise<void> {
      const userId = await userIdByName(accountId, userName);
      if (!(await policyExists(accountId, policy)))
        throw commonErrors.NotFound(`policy '${policy}' does not exist`);
      const has = await db
        .selectFrom('user_policies')
        .select('policy_name')
        .where('user_id', '=', userId)
        .where('policy_name', '=', policy)
        .executeTakeFirst();
      if (has) return;
      await db
        .insertInto('user_policies')
        .values({ account_id: accountId, user_id: userId, policy_name: policy, created_at: now() })
        .execute();
    },

    async detachPolicy(accountId: string, userName: string, policy: string): Promise<void> {
      const userId = await userIdByName(accountId, userName);
      await db
        .deleteFrom('user_policies')
        .where('user_id', '=', userId)
        .where('policy_name', '=', policy)
        .execute();
    },
  };
}
