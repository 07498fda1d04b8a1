/**
 * The workbench's sign-in: an agent's login name and password (the one its SIP phone uses) in an
 * instance → a session token for the workbench's WebSocket. The instance is named as the agent
 * knows it; the account (by name, as in the console's sign-in) is needed only when instances of
 * that name in several accounts have an agent of that login name and password. Unknown instances,
 * agents and wrong passwords get one answer, as slowly as a wrong password; too many failures
 * from one address lock it out (the console's throttle, shared). Tokens are `hw_<session>-<secret>`
 * (a valid WebSocket subprotocol name); only the secret's SHA-256 is kept, in memory and in the
 * database (session-store.ts), so that agents stay signed in across a restart. One session per
 * agent: signing in again ends the older one.
 */
import { randomBytes } from 'node:crypto';
import { signInErrors } from '../../accounts/errors.js';
import { hashSecret, passwordMismatchDelay, secretMatches } from '../../accounts/secrets.js';
import type { SignInThrottle } from '../../accounts/sign-in-throttle.js';
import type { Clock } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import type { Agents } from '../agents.js';
import type { Instances } from '../instances.js';
import type { StoredWorkbenchSession, WorkbenchSessionStore } from './session-store.js';

/** Who a workbench session belongs to. */
export interface WorkbenchAgent {
  accountId: string;
  instanceId: string;
  /** The instance's name, as the agent typed it. */
  instance: string;
  agentId: string;
  loginName: string;
  displayName: string;
}

export interface WorkbenchSession extends WorkbenchAgent {
  id: string;
  expiresAt: number;
}

type Stored = StoredWorkbenchSession;

export type WorkbenchSessions = ReturnType<typeof createWorkbenchSessions>;

const TOKEN = /^hw_(wbs_[0-9a-z]{16})-([A-Za-z0-9_-]{43})$/;

/** The agent's key among sessions and desks. */
export const agentKey = (a: { instanceId: string; loginName: string }) => `${a.instanceId}/${a.loginName}`;

export function createWorkbenchSessions(deps: {
  clock: Clock;
  instances: Pick<Instances, 'byName'>;
  agents: Pick<Agents, 'passwordMatches'>;
  throttle: SignInThrottle;
  ttlMs: number;
  store: WorkbenchSessionStore;
  logger: { warn(obj: unknown, msg?: string): void };
  /** An agent's older session ended because it signed in again. */
  onReplaced: (session: WorkbenchSession) => void;
}) {
  const { clock, throttle, ttlMs } = deps;
  const sessions = new Map<string, Stored>();
  const byAgent = new Map<string, string>();

  function forget(id: string): void {
    const s = sessions.get(id);
    if (!s) return;
    sessions.delete(id);
    if (byAgent.get(agentKey(s)) === id) byAgent.delete(agentKey(s));
  }

  /** Ends a session here and in the store (a failed delete only leaves a row that expires). */
  function drop(id: string): void {
    if (!sessions.has(id)) return;
    forget(id);
    deps.store.remove(id).catch((err: unknown) => deps.logger.warn({ err }, 'a workbench session row stays'));
  }

  function keep(s: Stored): void {
    sessions.set(s.id, s);
    byAgent.set(agentKey(s), s.id);
  }

  async function findAgent(input: {
    account?: string | undefined;
    instance: string;
    loginName: string;
    password: string;
  }): Promise<WorkbenchAgent | undefined> {
    const candidates = await deps.instances.byName(input.instance, input.account);
    const found: WorkbenchAgent[] = [];
    for (const inst of candidates) {
      const row = await deps.agents.passwordMatches(inst.id, input.loginName, input.password);
      if (row)
        found.push({
          accountId: inst.accountId,
          instanceId: inst.id,
          instance: input.instance,
          agentId: row.id,
          loginName: row.login_name,
          displayName: row.display_name,
        });
    }
    if (candidates.length === 0) await passwordMismatchDelay(input.password);
    return found.length === 1 ? found[0] : undefined;
  }

  return {
    /** Takes up the sessions kept before a restart (before the pages reconnect). */
    async load(): Promise<void> {
      for (const s of await deps.store.load(clock.now())) keep(s);
    },

    /** Checks the agent's password and opens a session; SignInFailed / SignInLockedOut otherwise. */
    async signIn(
      input: { account?: string | undefined; instance: string; loginName: string; password: string },
      source: string,
    ): Promise<{ token: string; session: WorkbenchSession }> {
      throttle.begin(source);
      const agent = await findAgent(input);
      if (!agent)
        throw signInErrors.SignInFailed(
          input.account === undefined
            ? 'the instance, agent or password is wrong'
            : 'the account, instance, agent or password is wrong',
        );
      throttle.succeeded(source);
      const now = clock.now();
      for (const [id, s] of sessions) if (s.expiresAt <= now) forget(id);
      const older = byAgent.get(agentKey(agent));
      const secret = randomBytes(32).toString('base64url');
      const session: Stored = {
        ...agent,
        id: newId('wbs'),
        expiresAt: now + ttlMs,
        secretHash: hashSecret(secret),
      };
      await deps.store.replace(session); // the agent's older rows go with it
      const replaced = older === undefined ? undefined : sessions.get(older);
      if (older) forget(older);
      keep(session);
      if (replaced) deps.onReplaced(publicView(replaced));
      return { token: `hw_${session.id}-${secret}`, session: publicView(session) };
    },

    /** The session of a token, or undefined when it is unknown, wrong, replaced or expired. */
    authenticate(token: string): WorkbenchSession | undefined {
      const m = TOKEN.exec(token);
      if (!m) return undefined;
      const s = sessions.get(m[1]!);
      if (!s || !secretMatches(m[2]!, s.secretHash)) return undefined;
      if (s.expiresAt <= clock.now()) {
        drop(s.id);
        return undefined;
      }
      return publicView(s);
    },

    /** Whether the session is still the agent's (not signed out, replaced or expired). */
    isCurrent(sessionId: string): boolean {
      const s = sessions.get(sessionId);
      return s !== undefined && s.expiresAt > clock.now();
    },

    /** Signs a session out. */
    end(sessionId: string): void {
      drop(sessionId);
    },

    count(): number {
      return sessions.size;
    },
  };
}

function publicView(s: Stored): WorkbenchSession {
  const { secretHash: _hash, ...view } = s;
  return view;
}
