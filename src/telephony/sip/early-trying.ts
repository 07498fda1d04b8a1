import { responseFlow } from './destination.js';
import type { SipLimits } from './limits.js';
import { parseMessage } from './parser.js';
import { buildResponse } from './response.js';
import { serializeMessage } from './serializer.js';
import { serverKey } from './transaction-key.js';
import type { Flow } from './transport.js';
import { stampReceived } from './via-received.js';

export interface EarlyTryingOptions {
  readonly limits: SipLimits;
  readonly requestUriSchemes: readonly string[];
  readonly forceRport: boolean;
  /** How long a transaction is remembered, to tell a retransmission from a new INVITE (64*T1). */
  readonly rememberMs: number;
  readonly now: () => number;
}

/** The 100 Trying sent for an INVITE, and where it went. */
export interface EarlyTrying {
  readonly bytes: Buffer;
  readonly to: Flow;
}

/**
 * The 100 Trying of §17.2.1, answered where a datagram is read rather than where the transaction
 * layer runs: an INVITE server transaction's first act, done before the message waits for a busy
 * event loop, so that the caller stops retransmitting whatever the call control is doing. It is
 * exactly the response the transaction would send (the same parser, received/rport stamping and
 * response builder); the transaction layer is told and sends none itself.
 * Only the first copy of an INVITE is answered here: a retransmission goes to the transaction,
 * which knows whether its last response is still the 100 or already a final one. Anything the
 * parser refuses is left to the layer too (it answers 400 and so on).
 */
export function createEarlyTrying(
  o: EarlyTryingOptions,
): (bytes: Buffer, source: Flow) => EarlyTrying | undefined {
  const parseOptions = {
    limits: o.limits,
    requestUriSchemes: o.requestUriSchemes,
    transport: 'udp',
  } as const;
  // Two generations of keys: each is dropped whole after rememberMs, so a key lives rememberMs to 2×.
  let current = new Set<string>();
  let previous = new Set<string>();
  let rotatedAt = o.now();
  return (bytes, source) => {
    if (!startsWithInvite(bytes)) return undefined;
    const result = parseMessage(bytes, parseOptions);
    if (!result.ok || result.message.kind !== 'request' || result.message.method !== 'INVITE')
      return undefined;
    const now = o.now();
    if (now - rotatedAt >= o.rememberMs) {
      // After a quiet spell longer than both generations, neither is kept.
      previous = now - rotatedAt >= 2 * o.rememberMs ? new Set() : current;
      current = new Set();
      rotatedAt = now;
    }
    const request = stampReceived(result.message, source);
    const key = serverKey(request);
    if (current.has(key) || previous.has(key)) return undefined;
    current.add(key);
    return {
      bytes: serializeMessage(buildResponse(request, 100)),
      to: responseFlow(request.via[0]!, source, o.forceRport),
    };
  };
}

const INVITE = Buffer.from('INVITE ');

function startsWithInvite(bytes: Buffer): boolean {
  return bytes.length > INVITE.length && bytes.compare(INVITE, 0, INVITE.length, 0, INVITE.length) === 0;
}
