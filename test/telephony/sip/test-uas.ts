/**
 * A tiny UAS built on the SIP stack, for tests and the benchmark: answers every INVITE with 200
 * and an SDP answer at once, and lets the caller hang up. Request-URI users change that:
 * "ring" answers 180 and never answers (for CANCEL tests), "busy" answers 486.
 */
import {
  acceptsMediaType,
  createSipStack,
  type Dialog,
  type IncomingInvite,
  type SipStack,
  type SipStackOptions,
  type TransportProtocol,
} from '../../../src/telephony/sip/index.js';

export const SDP_ANSWER = Buffer.from(
  'v=0\r\no=hotline 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n',
);

export interface TestUas {
  readonly stack: SipStack;
  port(protocol: TransportProtocol): number;
  /** Counts of what happened, by name: invite, answered, ack, bye, cancel, terminated:<reason>. */
  readonly seen: Map<string, number>;
  close(): Promise<void>;
}

export async function startTestUas(
  overrides: Partial<SipStackOptions> = {},
  protocols: readonly TransportProtocol[] = ['udp', 'tcp'],
): Promise<TestUas> {
  const stack = createSipStack({
    transports: protocols.map((protocol) => ({ protocol, host: '127.0.0.1', port: 0 })),
    ...overrides,
  });
  const seen = new Map<string, number>();
  const count = (name: string) => seen.set(name, (seen.get(name) ?? 0) + 1);
  stack.onRequest((request) => {
    count(request.method.toLowerCase());
    if (request.method !== 'INVITE') {
      request.respond(405);
      return;
    }
    const invite = request as IncomingInvite;
    invite.on('cancel', () => count('cancel'));
    const uri = invite.message.requestUri;
    const user = uri.kind === 'sip' ? uri.user : undefined;
    if (user === 'ring') {
      invite.respond(180);
      return;
    }
    if (user === 'busy') {
      invite.respond(486);
      return;
    }
    if (!acceptsMediaType(invite.message, 'application/sdp')) {
      invite.respond(406);
      return;
    }
    const dialog: Dialog = invite.accept({ body: SDP_ANSWER, contentType: 'application/sdp' });
    count('answered');
    dialog.on('ack', () => count('ack'));
    dialog.on('bye', () => count('bye'));
    dialog.on('terminated', (reason) => count(`terminated:${reason}`));
  });
  await stack.start();
  return {
    stack,
    seen,
    port(protocol) {
      const address = stack.addresses.find((a) => a.protocol === protocol);
      if (address === undefined) throw new Error(`no ${protocol} transport`);
      return address.port;
    },
    close: () => stack.close(),
  };
}
