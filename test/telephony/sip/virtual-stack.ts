/**
 * A SIP stack on an in-memory network in virtual time, with a raw peer to talk to it, and the
 * hand-made messages the peer sends. For the state-machine tests: no sockets, no sleeping.
 */
import { VirtualClock } from '../../../src/shared/virtual-clock.js';
import {
  createSipStack,
  type SipMessage,
  type SipStack,
  type SipStackOptions,
  type TransportProtocol,
} from '../../../src/telephony/sip/index.js';
import { MemoryNetwork, type RawPeer } from './memory-network.js';

export const STACK = { address: '127.0.0.1', port: 5060 } as const;
export const PEER = { address: '127.0.0.2', port: 5070 } as const;

export interface VirtualSetup {
  readonly clock: VirtualClock;
  readonly network: MemoryNetwork;
  readonly stack: SipStack;
  readonly peer: RawPeer;
  readonly protocol: TransportProtocol;
}

export async function virtualStack(
  protocol: TransportProtocol = 'udp',
  options: Partial<SipStackOptions> = {},
): Promise<VirtualSetup> {
  const clock = new VirtualClock();
  const network = new MemoryNetwork(clock);
  const stack = createSipStack({
    transports: [network.transport(protocol, STACK.address, STACK.port)],
    clock,
    resolveHost: () => Promise.reject(new Error('no DNS in tests')),
    ...options,
  });
  await stack.start();
  return { clock, network, stack, peer: network.peer(protocol, PEER.address, PEER.port), protocol };
}

export interface RawRequestOptions {
  readonly method?: string;
  readonly uri?: string;
  /** null: no branch at all (an RFC 2543 peer). */
  readonly branch?: string | null;
  readonly callId?: string;
  readonly fromTag?: string;
  readonly toTag?: string;
  readonly cseq?: number;
  readonly cseqMethod?: string;
  /** Extra header lines. */
  readonly extra?: readonly string[];
  readonly body?: string;
  /** Content-Type of the body; application/sdp by default. */
  readonly contentType?: string;
  readonly protocol?: TransportProtocol;
  /** Via parameters after the branch, e.g. ';rport'. */
  readonly viaParams?: string;
  readonly viaHost?: string;
  readonly contact?: string | null;
}

/** A request from the raw peer, as text. */
export function rawRequest(o: RawRequestOptions = {}): string {
  const method = o.method ?? 'INVITE';
  const body = o.body ?? '';
  const lines = [
    `${method} ${o.uri ?? `sip:ivr@${STACK.address}:${STACK.port}`} SIP/2.0`,
    `Via: SIP/2.0/${(o.protocol ?? 'udp').toUpperCase()} ${o.viaHost ?? `${PEER.address}:${PEER.port}`}${o.branch === null ? '' : `;branch=${o.branch ?? 'z9hG4bK-peer-1'}`}${o.viaParams ?? ''}`,
    'Max-Forwards: 70',
    `From: <sip:caller@${PEER.address}>;tag=${o.fromTag ?? 'peer-tag'}`,
    `To: <sip:ivr@${STACK.address}>${o.toTag === undefined ? '' : `;tag=${o.toTag}`}`,
    `Call-ID: ${o.callId ?? 'call-1@peer'}`,
    `CSeq: ${o.cseq ?? 1} ${o.cseqMethod ?? method}`,
  ];
  const contact = o.contact === undefined ? `<sip:caller@${PEER.address}:${PEER.port}>` : o.contact;
  if (contact !== null) lines.push(`Contact: ${contact}`);
  lines.push(...(o.extra ?? []));
  if (body !== '') lines.push(`Content-Type: ${o.contentType ?? 'application/sdp'}`);
  lines.push(`Content-Length: ${Buffer.byteLength(body)}`, '', body);
  return lines.join('\r\n');
}

export const OFFER =
  'v=0\r\no=- 1 1 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';

/** A predicate on messages: a response with that status (and CSeq method), or a request of that method. */
export const isResponse =
  (status: number, method?: string) =>
  (m: SipMessage): boolean =>
    m.kind === 'response' && m.status === status && (method === undefined || m.cseq.method === method);
export const isRequest =
  (method: string) =>
  (m: SipMessage): boolean =>
    m.kind === 'request' && m.method === method;
