import type { Clock } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import type { Accounts } from './accounts.js';
import { signInErrors } from './errors.js';
import type { Principal } from './principal.js';
import { issueSessionToken, parseSessionToken, secretMatches } from './secrets.js';
import type { SignInThrottle } from './sign-in-throttle.js';

export interface SessionsOptions {
  clock: Clock;
  accounts: Pick<Accounts, 'authenticatePassword' | 'loadPrincipal'>;
  throttle: SignInThrottle;
  /** How long a session token is valid after sign-in. */
  ttlMs: number;
  /** Most sessions of one user; signing in once more ends the oldest. */
  maxPerUser?: number;
}

interface Session {
  id: string;
  accountId: string;
  userId: string;
  secretHash: string;
  createdAt: number;
  expiresAt: number;
}

export interface SignedIn {
  token: string;
  sessionId: string;
  expiresAt: string;
  principal: Principal;
}

export type Sessions = ReturnType<typeof createSessions>;

/**
 * Password sign-in: a session token (`hs_<id>.<secret>`) used as a Bearer credential like an API key,
 * resolving to the same principal (the user's policies, read again on every request). Only the
 * secret's SHA-256 is kept, in memory: a restart of Hotline signs everybody out.
 */
export function createSessions(options: SessionsOptions) {
  const { clock, accounts, throttle, ttlMs } = options;
  const maxPerUser = options.maxPerUser ?? 20;
  const sessions = new Map<string, Session>();

  function dropExpired(now: number): void {
    for (const [id, s] of sessions) if (s.expiresAt <= now) sessions.delete(id);
  }

  function limitUser(userId: string): void {
    const mine = [...sessions.values()].filter((s) => s.userId === userId);
    for (const s of mine.slice(0, Math.max(0, mine.length - maxPerUser + 1))) sessions.delete(s.id);
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
      dropExpired(now);
      limitUser(principal.userId);
      const issued = issueSessionToken(newId('ses'));
      const session: Session = {
        id: issued.keyId,
        accountId: principal.accountId,
        userId: principal.userId,
        secretHash: issued.secretHash,
        createdAt: now,
        expiresAt: now + ttlMs,
      };
      sessions.set(session.id, session);
      return {
        token: issued.token,
        sessionId: session.id,
        expiresAt: new Date(session.expiresAt).toISOString(),
        principal,
      };
    },

    /** The session's principal, or undefined when the token is unknown, wrong or expired. */
    async authenticate(token: string): Promise<{ principal: Principal; sessionId: string } | undefined> {
      const parsed = parseSessionToken(token);
      if (!parsed) return undefined;
      const session = sessions.get(parsed.sessionId);
      if (!session || !secretMatches(parsed.secret, session.secretHash)) return undefined;
      if (session.expiresAt <= clock.now()) {
        sessions.delete(session.id);
        return undefined;
      }
      const principal = await accounts.loadPrincipal(session.userId);
      if (!principal) {
        sessions.delete(session.id);
        return undefined;
      }
      return { principal, sessionId: session.id };
    },

    /** Signs a session out. */
    end(sessionId: string): void {
      sessions.delete(sessionId);
    },

    /** Signs the user's sessions out (its password changed), except the one making the change. */
    endForUser(userId: string, except?: string): void {
      for (const [id, s] of sessions) if (s.userId === userId && id !== except) sessions.delete(id);
    },

    /** Sessions open now (for tests and /v1/status). */
    count(): number {
      dropExpired(clock.now());
      return sessions.size;
    },
  };
}
