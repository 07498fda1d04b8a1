import type { Kysely } from 'kysely';
import type { Clock } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import type { Database } from '../store/schema.js';
import type { Accounts } from './accounts.js';
import { signInErrors } from './errors.js';
import type { Principal } from './principal.js';
import { issueSessionToken, parseSessionToken, secretMatches } from './secrets.js';
import type { SignInThrottle } from './sign-in-throttle.js';

export interface SessionsOptions {
  db: Kysely<Database>;
  clock: Clock;
  accounts: Pick<Accounts, 'authenticatePassword' | 'loadPrincipal'>;
  throttle: SignInThrottle;
  /** How long a session token is valid after sign-in. */
  ttlMs: number;
  /** Most sessions of one user; signing in once more ends the oldest. */
  maxPerUser?: number;
}

export interface SignedIn {
  token: string;
  sessionId: string;
  expiresAt: string;
  principal: Principal;
}

export type Sessions = ReturnType<typeof createSessions>;

/** last_used_at is written at most this often per session, not on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Password sign-in: a session token (`hs_<id>.<secret>`) used as a Bearer credential like an API key,
 * resolving to the same principal (the user's policies, read again on every request). Sessions are
 * rows of the `sessions` table, so a restart keeps everybody signed in; only the secret's SHA-256
 * is stored. Expired rows are deleted on sign-in and by purgeExpired().
 */
export function createSessions(options: SessionsOptions) {
  const { db, clock, accounts, throttle, ttlMs } = options;
  const maxPerUser = options.maxPerUser ?? 20;
  const iso = (ms: number) => new Date(ms).toISOString();

  async function purgeExpired(): Promise<number> {
    const res = await db
      .deleteFrom('sessions')
      .where('expires_at', '<=', iso(clock.now()))
      .executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  /** Ends the user's oldest sessions so that one more fits under maxPerUser. */
  async function limitUser(userId: string): Promise<void> {
    const keep = await db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.max(0, maxPerUser - 1))
      .execute();
    let stale = db.deleteFrom('sessions').where('user_id', '=', userId);
    if (keep.length > 0)
      stale = stale.where(
        'id',
        'not in',
        keep.map((k) => k.id),
      );
    await stale.execute();
  }

  return {
    /**
     * Checks the password and opens a session. A wrong account, user or password all answer
     * SignInFailed; too many failures from `source` answer SignInLockedOut.
     */
    async signIn(
      input: { account: string; user: string; password: string },
      source: string,
    ): Promise<SignedIn> {
      throttle.begin(source);
      const principal = await accounts.authenticatePassword(input.account, input.user, input.password);
      if (!principal) throw signInErrors.SignInFailed('the account, user name or password is wrong');
      throttle.succeeded(source);
      const now = clock.now();
      await purgeExpired();
      await limitUser(principal.userId);
      const issued = issueSessionToken(newId('ses'));
      await db
        .insertInto('sessions')
        .values({
          id: issued.keyId,
          account_id: principal.accountId,
          user_id: principal.userId,
          secret_hash: issued.secretHash,
          created_at: iso(now),
          expires_at: iso(now + ttlMs),
          last_used_at: iso(now),
        })
        .execute();
      return { token: issued.token, sessionId: issued.keyId, expiresAt: iso(now + ttlMs), principal };
    },

    /** The session's principal, or undefined when the token is unknown, wrong or expired. */
    async authenticate(token: string): Promise<{ principal: Principal; sessionId: string } | undefined> {
      const parsed = parseSessionToken(token);
      if (!parsed) return undefined;
      const session = await db
        .selectFrom('sessions')
        .selectAll()
        .where('id', '=', parsed.sessionId)
        .executeTakeFirst();
      if (!session || !secretMatches(parsed.secret, session.secret_hash)) return undefined;
      const now = clock.now();
      if (Date.parse(session.expires_at) <= now) {
        await db.deleteFrom('sessions').where('id', '=', session.id).execute();
        return undefined;
      }
      // A deleted user's sessions go with it (foreign key); a user is always found here otherwise.
      const principal = await accounts.loadPrincipal(session.user_id);
      if (!principal) return undefined;
      if (now - Date.parse(session.last_used_at) >= LAST_USED_RESOLUTION_MS)
        await db
          .updateTable('sessions')
          .set({ last_used_at: iso(now) })
          .where('id', '=', session.id)
          .execute();
      return { principal, sessionId: session.id };
    },

    /** Signs a session out. */
    async end(sessionId: string): Promise<void> {
      await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
    },

    /** Signs the user's sessions out (its password changed), except the one making the change. */
    async endForUser(userId: string, except?: string): Promise<void> {
      let q = db.deleteFrom('sessions').where('user_id', '=', userId);
      if (except) q = q.where('id', '!=', except);
      await q.execute();
    },

    /** Deletes expired sessions; answers how many. */
    purgeExpired,

    /** Sessions open now (for tests and /v1/status). */
    async count(): Promise<number> {
      const row = await db
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('expires_at', '>', iso(clock.now()))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
