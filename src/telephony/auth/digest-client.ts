import { randomBytes } from 'node:crypto';
import { type DigestAlgorithm, digestResponse, parseDigestParams } from './digest.js';

/** Credentials Hotline answers a server's challenge with (a carrier's trunk). */
export interface ClientCredentials {
  username: string;
  password: string;
}

/**
 * The answer to one of a 401's WWW-Authenticate or a 407's Proxy-Authenticate challenges (RFC 3261
 * §22.2, RFC 8760): the first challenge with an algorithm we know, qop "auth" when the server
 * offers it. Undefined when none can be answered (another scheme, algorithm or qop only auth-int).
 */
export function answerChallenge(
  challenges: readonly string[],
  request: { method: string; uri: string },
  credentials: ClientCredentials,
): string | undefined {
  for (const challenge of challenges) {
    const p = parseDigestParams(challenge);
    const realm = p?.get('realm');
    const nonce = p?.get('nonce');
    if (!p || realm === undefined || !nonce) continue;
    const algorithm = (p.get('algorithm') ?? 'MD5').toUpperCase();
    if (algorithm !== 'MD5' && algorithm !== 'SHA-256') continue;
    const offered = p
      .get('qop')
      ?.split(',')
      .map((q) => q.trim().toLowerCase());
    if (offered && !offered.includes('auth')) continue;
    const qop = offered ? ('auth' as const) : undefined;
    const cnonce = randomBytes(8).toString('hex');
    const nc = '00000001';
    const response = digestResponse({
      algorithm: algorithm as DigestAlgorithm,
      username: credentials.username,
      realm,
      password: credentials.password,
      method: request.method,
      uri: request.uri,
      nonce,
      qop,
      nc,
      cnonce,
    });
    const quoted = (v: string) => `"${v.replace(/(["\\])/g, '\\$1')}"`;
    const fields = [
      `username=${quoted(credentials.username)}`,
      `realm=${quoted(realm)}`,
      `nonce=${quoted(nonce)}`,
      `uri=${quoted(request.uri)}`,
      `response="${response}"`,
      `algorithm=${algorithm}`,
      ...(qop ? [`qop=auth`, `nc=${nc}`, `cnonce="${cnonce}"`] : []),
      ...(p.get('opaque') !== undefined ? [`opaque=${quoted(p.get('opaque')!)}`] : []),
    ];
    return `Digest ${fields.join(', ')}`;
  }
  return undefined;
}
