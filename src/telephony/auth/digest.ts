import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * HTTP Digest authentication for SIP (RFC 3261 §22.4, RFC 2617, RFC 7616 for SHA-256 and
 * RFC 8760 for SIP): challenges, parsing of Authorization / Proxy-Authorization, verification.
 * Nonces are stateless (a time stamp and a random salt, signed with a server secret) and expire; a
 * nonce's nc must grow, so a captured answer cannot be replayed.
 */
export type DigestAlgorithm = 'MD5' | 'SHA-256';

export interface DigestCredentials {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  algorithm: DigestAlgorithm;
  qop: 'auth' | undefined;
  nc: string | undefined;
  cnonce: string | undefined;
  opaque: string | undefined;
}

const hashName: Record<DigestAlgorithm, string> = { MD5: 'md5', 'SHA-256': 'sha256' };

function h(algorithm: DigestAlgorithm, text: string): string {
  return createHash(hashName[algorithm]).update(text).digest('hex');
}

/**
 * The parameters of `Digest k=v, k="v", …` (a challenge or an answer), names lower-cased;
 * undefined when it is not well formed.
 */
export function parseDigestParams(header: string): Map<string, string> | undefined {
  const m = /^\s*Digest\s+(.*)$/is.exec(header);
  if (!m || header.length > 4096) return undefined;
  const params = new Map<string, string>();
  const re = /\s*([A-Za-z][A-Za-z0-9-]*)\s*=\s*("((?:[^"\\]|\\.)*)"|[^\s,]+)\s*(,|$)/gy;
  const rest = m[1]!;
  let consumed = 0;
  while (consumed < rest.length) {
    const match = re.exec(rest);
    if (match === null) break;
    const value = match[3] !== undefined ? match[3].replace(/\\(.)/g, '$1') : match[2]!;
    params.set(match[1]!.toLowerCase(), value);
    consumed = re.lastIndex;
  }
  if (consumed < rest.trimEnd().length) return undefined;
  return params;
}

/** Parses `Digest k=v, k="v", …`; undefined when it is not a well-formed Digest answer. */
export function parseDigestAuthorization(header: string): DigestCredentials | undefined {
  const params = parseDigestParams(header);
  if (!params) return undefined;
  const get = (k: string) => params.get(k);
  const username = get('username');
  const realm = get('realm');
  const nonce = get('nonce');
  const uri = get('uri');
  const response = get('response');
  if (!username || realm === undefined || !nonce || !uri || !response) return undefined;
  const algorithmText = (get('algorithm') ?? 'MD5').toUpperCase();
  if (algorithmText !== 'MD5' && algorithmText !== 'SHA-256') return undefined;
  const qop = get('qop');
  if (qop !== undefined && qop !== 'auth') return undefined;
  if (qop === 'auth' && (!get('nc') || !get('cnonce'))) return undefined;
  return {
    username,
    realm,
    nonce,
    uri,
    response: response.toLowerCase(),
    algorithm: algorithmText,
    qop,
    nc: get('nc'),
    cnonce: get('cnonce'),
    opaque: get('opaque'),
  };
}

/** H(username:realm:password): what a server may keep instead of the password (RFC 2617 §3.2.2.2). */
export function digestHa1(
  algorithm: DigestAlgorithm,
  username: string,
  realm: string,
  password: string,
): string {
  return h(algorithm, `${username}:${realm}:${password}`);
}

/** A user's secret as the server keeps it: the password, or its HA1 per algorithm for one realm. */
export type DigestSecret = string | { ha1: Readonly<Record<DigestAlgorithm, string>> };

/** The response a client computes (RFC 2617 §3.2.2.1, with qop=auth or without qop). */
export function digestResponse(input: {
  algorithm: DigestAlgorithm;
  username: string;
  realm: string;
  password: string;
  /** Used instead of the password when given. */
  ha1?: string | undefined;
  method: string;
  uri: string;
  nonce: string;
  qop?: 'auth' | undefined;
  nc?: string | undefined;
  cnonce?: string | undefined;
}): string {
  const ha1 = input.ha1 ?? digestHa1(input.algorithm, input.username, input.realm, input.password);
  const ha2 = h(input.algorithm, `${input.method}:${input.uri}`);
  return input.qop === 'auth'
    ? h(input.algorithm, `${ha1}:${input.nonce}:${input.nc}:${input.cnonce}:auth:${ha2}`)
    : h(input.algorithm, `${ha1}:${input.nonce}:${ha2}`);
}

export type DigestVerdict =
  | { ok: true; username: string }
  /** stale: the nonce expired but the answer was right; challenge again with stale=true. */
  | { ok: false; reason: 'malformed' | 'wrongRealm' | 'badNonce' | 'stale' | 'replay' | 'wrongCredentials' };

export interface DigestAuthenticator {
  /** The WWW-Authenticate / Proxy-Authenticate values to send (one per algorithm, SHA-256 first). */
  challenge(options?: { stale?: boolean }): string[];
  /**
   * Checks an answer. `secretOf` returns the user's password (or HA1s), or undefined for an unknown
   * user; an unknown user and a wrong password give the same verdict.
   */
  verify(
    header: string,
    method: string,
    secretOf: (username: string) => DigestSecret | undefined,
  ): DigestVerdict;
}

export function createDigestAuthenticator(options: {
  realm: string;
  secret?: Buffer;
  nonceLifetimeMs?: number;
  now?: () => number;
  algorithms?: DigestAlgorithm[];
}): DigestAuthenticator {
  const secret = options.secret ?? randomBytes(32);
  const lifetime = options.nonceLifetimeMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const algorithms = options.algorithms ?? ['SHA-256', 'MD5'];
  /** Highest nc seen per nonce (replay protection), forgotten when the nonce expires. */
  const seen = new Map<string, { nc: number; expires: number }>();

  const sign = (stamp: string) =>
    createHmac('sha256', secret).update(`${stamp}:${options.realm}`).digest('base64url').slice(0, 32);
  // Time stamp and a random salt, signed: two challenges in the same millisecond (phones behind one
  // address registering together) must not share a nonce, or the second answer reads as a replay.
  const makeNonce = () => {
    const issued = `${now().toString(36)}-${randomBytes(6).toString('hex')}`;
    return `${issued}.${sign(issued)}`;
  };
  const nonceAge = (nonce: string): number | undefined => {
    const [issued, mac] = nonce.split('.');
    const stamp = issued?.split('-')[0];
    if (!issued || !stamp || !mac) return undefined;
    const expected = Buffer.from(sign(issued));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    const issuedAt = Number.parseInt(stamp, 36);
    return Number.isFinite(issuedAt) ? now() - issuedAt : undefined;
  };
  const sweep = () => {
    if (seen.size < 10_000) return;
    const t = now();
    for (const [k, v] of seen) if (v.expires < t) seen.delete(k);
  };

  return {
    challenge({ stale = false } = {}) {
      const nonce = makeNonce();
      return algorithms.map(
        (a) =>
          `Digest realm="${options.realm}", nonce="${nonce}", algorithm=${a}, qop="auth"${stale ? ', stale=true' : ''}`,
      );
    },

    verify(header, method, secretOf) {
      const c = parseDigestAuthorization(header);
      if (!c) return { ok: false, reason: 'malformed' };
      if (c.realm !== options.realm) return { ok: false, reason: 'wrongRealm' };
      const age = nonceAge(c.nonce);
      if (age === undefined || age < -5_000) return { ok: false, reason: 'badNonce' };
      const secret = secretOf(c.username);
      // An unknown user is checked against a throwaway password so both cases cost the same.
      const expected = digestResponse({
        ...c,
        password: typeof secret === 'string' ? secret : randomBytes(16).toString('hex'),
        ha1: typeof secret === 'object' ? secret.ha1[c.algorithm] : undefined,
        method,
      });
      const a = Buffer.from(expected);
      const b = Buffer.from(c.response);
      const matches = a.length === b.length && timingSafeEqual(a, b);
      if (!matches || secret === undefined) return { ok: false, reason: 'wrongCredentials' };
      if (age > lifetime) return { ok: false, reason: 'stale' };
      const nc = c.qop === 'auth' ? Number.parseInt(c.nc ?? '', 16) : 0;
      const prior = seen.get(c.nonce);
      if (c.qop === 'auth') {
        if (!Number.isFinite(nc) || (prior && nc <= prior.nc)) return { ok: false, reason: 'replay' };
      } else if (prior) return { ok: false, reason: 'replay' }; // without qop a nonce is good once
      sweep();
      seen.set(c.nonce, { nc, expires: now() + lifetime });
      return { ok: true, username: c.username };
    },
  };
}
