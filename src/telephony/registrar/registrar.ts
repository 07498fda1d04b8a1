/**
 * A SIP registrar (RFC 3261 §10.3) for agents' phones: digest authentication (MD5 and SHA-256,
 * stateless expiring nonces with replay protection), the authenticated user may change only the
 * bindings of its own address of record, several contacts per user, expiry, and a lockout of
 * sources that fail too often. It keeps where each REGISTER came from (the received flow), so a
 * phone behind NAT is reached at that address, not at the private one in its Contact.
 * Storage is behind BindingStore (the contact center keeps bindings in the database).
 */
import {
  createDigestAuthenticator,
  type DigestAlgorithm,
  type DigestAuthenticator,
  type DigestSecret,
  parseDigestAuthorization,
} from '../auth/digest.js';
import { headerValue } from '../sip/headers.js';
import type { NameAddr } from '../sip/name-addr.js';
import { paramValue } from '../sip/params.js';
import type { IncomingRequest } from '../sip/server-request.js';
import type { Flow } from '../sip/transport.js';
import { formatUri } from '../sip/uri.js';
import { SourceLockout } from './source-lockout.js';

export interface Binding {
  /** The Contact URI as the phone sent it. */
  contact: string;
  /** Where the REGISTER came from: requests to this contact go there. */
  received: Flow;
  callId: string;
  cseq: number;
  /** Wall time (ms) the binding expires. */
  expiresAt: number;
  userAgent: string;
}

/** Bindings of each address of record (an agent), by its key. */
export interface BindingStore {
  /** Unexpired bindings of the user. */
  list(userKey: string, now: number): Promise<Binding[]>;
  /** Applies one REGISTER's changes atomically. */
  apply(userKey: string, change: { upsert: Binding[]; remove: string[] }): Promise<void>;
}

/** A user the registrar knows: its key for the store and its digest secret. */
export interface RegistrarUser {
  key: string;
  secret: DigestSecret;
}

export interface RegistrarOptions {
  realm: string;
  /**
   * Digest algorithms offered, preferred first. MD5 alone by default: some phones (baresip 1.0)
   * refuse a challenge as a whole when any algorithm in it is unknown to them.
   */
  algorithms?: DigestAlgorithm[];
  users: (username: string) => Promise<RegistrarUser | undefined>;
  store: BindingStore;
  now?: () => number;
  /** 60 s, 3600 s, 3600 s by default. */
  minExpiresSeconds?: number;
  maxExpiresSeconds?: number;
  defaultExpiresSeconds?: number;
  /** Contacts one user may register (default 10). */
  maxContacts?: number;
  /** Failures from one source before it is locked out, and the window they count in (5 in 10 min). */
  lockout?: { maxFailures: number; windowMs: number };
  /** Told after bindings changed (registered, refreshed, removed). */
  onChange?: (userKey: string, bindings: Binding[]) => void;
  logger?: { info(obj: unknown, msg?: string): void };
}

export function createRegistrar(options: RegistrarOptions) {
  const now = options.now ?? Date.now;
  const minExpires = options.minExpiresSeconds ?? 60;
  const maxExpires = options.maxExpiresSeconds ?? 3600;
  const defaultExpires = Math.min(options.defaultExpiresSeconds ?? 3600, maxExpires);
  const maxContacts = options.maxContacts ?? 10;
  const auth: DigestAuthenticator = createDigestAuthenticator({
    realm: options.realm,
    now,
    algorithms: options.algorithms ?? ['MD5'],
  });
  const lockout = new SourceLockout({
    ...(options.lockout ?? { maxFailures: 5, windowMs: 10 * 60_000 }),
    now,
  });
  // Users whose REGISTERs are being applied: one at a time per user keeps CSeq checks honest.
  const busy = new Map<string, Promise<void>>();

  function refuse(request: IncomingRequest, status: number, reason: string, warning?: string): void {
    request.respond(status, reason, {
      headers: warning ? [{ name: 'Warning', value: `399 hotline "${warning.replace(/"/g, "'")}"` }] : [],
    });
  }

  function challenge(request: IncomingRequest, stale = false): void {
    request.respond(401, 'Unauthorized', {
      headers: auth.challenge({ stale }).map((value) => ({ name: 'WWW-Authenticate', value })),
    });
  }

  /**
   * Checks the digest answer of a request from an agent's phone (any method: REGISTER, or an
   * INVITE or OPTIONS from a source that is not a trunk). Resolves with the user, or undefined once
   * the request has been answered: 401 with a challenge, or 403 — the same for an unknown user, a
   * wrong password, a replayed or forged nonce, and a source that is locked out.
   */
  async function authenticate(
    request: IncomingRequest,
  ): Promise<{ user: RegistrarUser; username: string } | undefined> {
    const source = request.source.address;
    if (lockout.isLocked(source)) return void refuse(request, 403, 'Forbidden');
    const authorization = headerValue(request.message, 'Authorization');
    if (authorization === undefined) return void challenge(request);
    // Look the user up first: verify() is synchronous and the store is not.
    const claimed = parseDigestAuthorization(authorization)?.username;
    const user = claimed === undefined ? undefined : await options.users(claimed);
    const verdict = auth.verify(authorization, request.method, (name) =>
      name === claimed ? user?.secret : undefined,
    );
    if (verdict.ok && user) return { user, username: verdict.username };
    if (!verdict.ok && verdict.reason === 'stale') return void challenge(request, true);
    lockout.recordFailure(source);
    options.logger?.info(
      { source, method: request.method, reason: verdict.ok ? 'unknown user' : verdict.reason },
      'request refused',
    );
    return void refuse(request, 403, 'Forbidden');
  }

  async function handle(request: IncomingRequest): Promise<void> {
    const m = request.message;
    const authenticated = await authenticate(request);
    if (!authenticated) return;
    const { user, username } = authenticated;
    const source = request.source.address;
    const aorUser = m.to.uri.kind === 'sip' ? m.to.uri.user : undefined;
    if (aorUser !== username) {
      // §10.3 step 6: these credentials may not change this address of record's bindings.
      lockout.recordFailure(source);
      return refuse(request, 403, 'Forbidden', 'the credentials do not belong to the address of record');
    }
    const previous = busy.get(user.key) ?? Promise.resolve();
    const run = previous.then(() => update(request, user.key));
    const settled = run.catch(() => undefined);
    busy.set(user.key, settled);
    await run.finally(() => {
      if (busy.get(user.key) === settled) busy.delete(user.key);
    });
  }

  async function update(request: IncomingRequest, userKey: string): Promise<void> {
    const m = request.message;
    const headerExpires = m.expires;
    const t = now();
    const current = await options.store.list(userKey, t);
    if (m.contact !== '*' && m.contact.length === 0) return ok(request, current, t); // a query (§10.3 step 8)
    if (m.contact === '*') {
      // §10.3 step 6: '*' only alone and with Expires: 0; it removes every binding.
      if (headerExpires !== 0) return refuse(request, 400, 'Bad Request', "Contact '*' needs Expires: 0");
      const stale = current.find((b) => b.callId === m.callId && b.cseq >= m.cseq.seq);
      if (stale) return refuse(request, 500, 'Server Internal Error', 'out-of-order CSeq');
      await options.store.apply(userKey, { upsert: [], remove: current.map((b) => b.contact) });
      options.onChange?.(userKey, []);
      return ok(request, [], t);
    }
    const parsed: readonly NameAddr[] = m.contact;

    const upsert: Binding[] = [];
    const remove: string[] = [];
    const userAgent = (headerValue(m, 'User-Agent') ?? '').slice(0, 200);
    for (const c of parsed) {
      const contact = formatUri(c.uri);
      const param = paramValue(c.params, 'expires');
      const requested = param === undefined ? (headerExpires ?? defaultExpires) : parseExpires(param);
      if (requested === undefined)
        return refuse(request, 400, 'Bad Request', 'a Contact expires is not a number');
      if (requested > 0 && requested < minExpires) {
        request.respond(423, 'Interval Too Brief', {
          headers: [{ name: 'Min-Expires', value: String(minExpires) }],
        });
        return;
      }
      const existing = current.find((b) => b.contact === contact);
      if (existing && existing.callId === m.callId && existing.cseq >= m.cseq.seq)
        return refuse(request, 500, 'Server Internal Error', 'out-of-order CSeq');
      if (requested === 0) {
        if (existing) remove.push(contact);
        continue;
      }
      upsert.push({
        contact,
        received: request.source,
        callId: m.callId,
        cseq: m.cseq.seq,
        expiresAt: t + Math.min(requested, maxExpires) * 1000,
        userAgent,
      });
    }
    const after = current.filter(
      (b) => !remove.includes(b.contact) && !upsert.some((u) => u.contact === b.contact),
    );
    if (after.length + upsert.length > maxContacts)
      return refuse(request, 403, 'Forbidden', `at most ${maxContacts} contacts may be registered`);
    await options.store.apply(userKey, { upsert, remove });
    const bindings = [...after, ...upsert];
    options.onChange?.(userKey, bindings);
    ok(request, bindings, t);
  }

  function ok(request: IncomingRequest, bindings: Binding[], t: number): void {
    request.respond(200, 'OK', {
      headers: [
        ...bindings.map((b) => ({
          name: 'Contact',
          value: `<${b.contact}>;expires=${Math.max(0, Math.round((b.expiresAt - t) / 1000))}`,
        })),
        { name: 'Date', value: new Date(t).toUTCString() },
      ],
    });
  }

  return {
    /** Answers one REGISTER (never throws: failures answer 500). */
    async register(request: IncomingRequest): Promise<void> {
      try {
        await handle(request);
      } catch (err) {
        options.logger?.info({ err }, 'REGISTER failed');
        if (!request.answered) request.respond(500, 'Server Internal Error');
      }
    },
    /** Whether a source is locked out (for requests other than REGISTER from it). */
    isLockedOut: (address: string) => lockout.isLocked(address),
    /** See authenticate() above: the agent behind a request, or undefined once it is answered. */
    async authenticate(request: IncomingRequest): Promise<{ userKey: string } | undefined> {
      try {
        const found = await authenticate(request);
        return found && { userKey: found.user.key };
      } catch (err) {
        options.logger?.info({ err }, 'authentication failed');
        if (!request.answered) request.respond(500, 'Server Internal Error');
        return undefined;
      }
    },
  };
}

export type Registrar = ReturnType<typeof createRegistrar>;

function parseExpires(text: string): number | undefined {
  const t = text.trim();
  if (!/^[0-9]{1,10}$/.test(t)) return undefined;
  return Number(t);
}
