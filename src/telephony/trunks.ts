import { type AddressRange, inRange, parseRange } from './auth/cidr.js';
import { createDigestAuthenticator, type DigestAuthenticator } from './auth/digest.js';

export interface TrunkConfig {
  name: string;
  addresses: string[];
  username?: string | undefined;
  password?: string | undefined;
}

export type TrunkAdmission =
  | { ok: true; trunk: string }
  /** 401 with challenges: the trunk needs digest authentication; 403: not a trunk (or wrong credentials). */
  | { ok: false; status: 401 | 403; reason: string; challenges?: string[] };

/**
 * The gate in front of inbound calls: a request is admitted only from a configured trunk's
 * addresses, and, for trunks with credentials, only with a valid digest answer (RFC 3261 §22).
 */
export function createTrunkGate(trunks: TrunkConfig[], options: { realm?: string; now?: () => number } = {}) {
  const parsed = trunks.map((t) => ({
    ...t,
    ranges: t.addresses.map((a): AddressRange => parseRange(a)),
  }));
  const auth: DigestAuthenticator = createDigestAuthenticator({
    realm: options.realm ?? 'hotline',
    ...(options.now ? { now: options.now } : {}),
  });

  return {
    /** `authorization` is the request's Authorization header, when it has one. */
    admit(sourceAddress: string, method: string, authorization: string | undefined): TrunkAdmission {
      const byAddress = parsed.filter((t) => t.ranges.some((r) => inRange(sourceAddress, r)));
      const open = byAddress.find((t) => !t.username);
      if (open) return { ok: true, trunk: open.name };
      const guarded = byAddress.filter((t) => t.username && t.password !== undefined);
      if (guarded.length === 0)
        return { ok: false, status: 403, reason: `${sourceAddress} is not a configured trunk` };
      if (!authorization)
        return { ok: false, status: 401, reason: 'authentication required', challenges: auth.challenge() };
      const verdict = auth.verify(
        authorization,
        method,
        (user) => guarded.find((t) => t.username === user)?.password,
      );
      if (verdict.ok) return { ok: true, trunk: guarded.find((t) => t.username === verdict.username)!.name };
      if (verdict.reason === 'stale') {
        return {
          ok: false,
          status: 401,
          reason: 'nonce expired',
          challenges: auth.challenge({ stale: true }),
        };
      }
      return { ok: false, status: 403, reason: 'wrong credentials' };
    },
  };
}
