import { type Clock, systemClock } from '../../shared/clock.js';
import { dnsResolver, type HostResolver } from './destination.js';
import type { Dialog, RequestResult } from './dialog.js';
import { createInbound } from './inbound.js';
import { DEFAULT_SIP_LIMITS, type SipLimits } from './limits.js';
import { type SipLogger, silentSipLogger } from './logger.js';
import type { InviteResult } from './outgoing-invite.js';
import { type SipTimerValues, sipTimerValues, TIMER_H } from './timers.js';
import { trackClock } from './tracked-clock.js';
import { type TransactionCounts, TransactionLayer } from './transaction-layer.js';
import type { SipTransport, TransportConfig, TransportProtocol } from './transport.js';
import { TransportSet } from './transport-set.js';
import { createTcpTransport, type TcpTransportOptions } from './transport-tcp.js';
import { createUdpTransport, type UdpTransportOptions } from './transport-udp.js';
import { createUdpThreadTransport } from './transport-udp-thread.js';
import { localContact, type UaContext, type UaSettings } from './ua-context.js';
import { type InviteOptions, type OutgoingRequestOptions, UacCore } from './uac-core.js';
import { type RequestHandler, UasCore } from './uas-core.js';
import type { Uri } from './uri.js';

export interface SipStackOptions {
  /** Where to listen: configs to build UDP/TCP transports from, or transports built elsewhere (tests). */
  readonly transports: readonly (TransportConfig | SipTransport)[];
  /** systemClock by default; a VirtualClock in tests. */
  readonly clock?: Clock;
  readonly limits?: SipLimits;
  /** T1, T2, T4 (RFC 3261 Appendix A); 500 ms, 4 s, 5 s by default. */
  readonly timers?: Partial<SipTimerValues>;
  readonly logger?: SipLogger;
  /**
   * UDP socket buffer sizes, and where the UDP socket lives: 'main' (default), this thread, or
   * 'worker', a thread of its own that answers a new INVITE's 100 Trying as soon as it is read,
   * whatever this thread is busy with (transport-udp-thread.ts).
   */
  readonly udp?: Omit<UdpTransportOptions, 'limits' | 'logger'> & { readonly thread?: 'main' | 'worker' };
  /** TCP connection limits (count, idle timeout, slow-peer queue). */
  readonly tcp?: Omit<TcpTransportOptions, 'limits' | 'logger' | 'clock'>;
  /** Methods the TU handles (Allow). Default INVITE, ACK, CANCEL, BYE, OPTIONS, INFO. */
  readonly allow?: readonly string[];
  /** Option tags supported (Supported; Require checks). Default none. */
  readonly supported?: readonly string[];
  /** Body types accepted in requests (Accept; 415 otherwise). Default application/sdp, application/dtmf-relay, application/dtmf. */
  readonly accept?: readonly string[];
  /** Server and User-Agent header value. Default none. */
  readonly userAgent?: string;
  /** User part of the stack's Contact URIs. Default 'hotline'. */
  readonly contactUser?: string;
  /** Answer OPTIONS outside dialogs with 200 (§11.2) instead of passing them to the handler. Default true. */
  readonly answerOptions?: boolean;
  /** Out-of-dialog requests with Max-Forwards 0: 'reject' (483, default) or 'process'. */
  readonly maxForwardsZero?: 'reject' | 'process';
  /** Send responses and UAS in-dialog requests back to the source address and port (NAT). Default false. */
  readonly forceRport?: boolean;
  /** Request-URI schemes served (416 otherwise). Default sip, sips, tel. */
  readonly requestUriSchemes?: readonly string[];
  /** Host name resolution for next hops. Default: the system resolver (A/AAAA only, no SRV). */
  readonly resolveHost?: HostResolver;
}

export interface SipStackStats {
  readonly transactions: TransactionCounts & { readonly total: number };
  readonly dialogs: number;
  readonly connections: number;
  /** Timers pending in the stack (transactions, 2xx retransmissions, TCP idle timers...). */
  readonly timers: number;
  /** Transactions waiting out Timer D, I, J, K, L or M (in shared queues, not counted in `timers`). */
  readonly lingering: number;
}

export interface SipStack {
  /** Binds every transport. */
  start(): Promise<void>;
  /** Ends dialogs (without BYE), transactions and timers, and closes every socket. */
  close(): Promise<void>;
  /** The TU's handler for requests outside a dialog (INVITE, REGISTER, MESSAGE... and OPTIONS if not answered here). */
  onRequest(handler: RequestHandler): void;
  /** Places a call (§13.2); CANCEL when `signal` aborts before a final response. */
  invite(target: string | Uri, options: InviteOptions, signal?: AbortSignal): Promise<InviteResult>;
  /** Sends a non-INVITE request outside a dialog and resolves with its final response. */
  request(method: string, target: string | Uri, options: OutgoingRequestOptions): Promise<RequestResult>;
  /** Bound address of each transport (ports known once started). */
  readonly addresses: readonly {
    readonly protocol: TransportProtocol;
    readonly host: string;
    readonly port: number;
  }[];
  /** The stack's Contact URI for a transport (the first by default). */
  contact(protocol?: TransportProtocol): string;
  /** Live counts, for leak checks. */
  stats(): SipStackStats;
}

const DEFAULT_ALLOW = ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'INFO'];
const DEFAULT_ACCEPT = ['application/sdp', 'application/dtmf-relay', 'application/dtmf'];

function settingsOf(o: SipStackOptions): UaSettings {
  return {
    allow: o.allow ?? DEFAULT_ALLOW,
    supported: o.supported ?? [],
    accept: (o.accept ?? DEFAULT_ACCEPT).map((t) => t.toLowerCase()),
    userAgent: o.userAgent,
    contactUser: o.contactUser ?? 'hotline',
    answerOptions: o.answerOptions ?? true,
    maxForwardsZero: o.maxForwardsZero ?? 'reject',
    forceRport: o.forceRport ?? false,
  };
}

/**
 * A SIP user agent: transports (§18), the transaction layer (§17), the UAS and UAC cores (§8)
 * and dialogs (§12), wired together. Nothing happens until start().
 */
export function createSipStack(options: SipStackOptions): SipStack {
  const clock = trackClock(options.clock ?? systemClock);
  const logger = options.logger ?? silentSipLogger;
  const limits = options.limits ?? DEFAULT_SIP_LIMITS;
  const timers = sipTimerValues(options.timers);
  const settings = settingsOf(options);
  const requestUriSchemes = options.requestUriSchemes ?? ['sip', 'sips', 'tel'];
  const { thread: udpThread = 'main', ...udp } = options.udp ?? {};
  const transports = new TransportSet(
    options.transports.map((t) => {
      if ('send' in t) return t;
      if (t.protocol === 'tcp') return createTcpTransport(t, { ...options.tcp, limits, logger, clock });
      if (udpThread === 'main') return createUdpTransport(t, { ...udp, limits, logger });
      return createUdpThreadTransport(t, {
        ...udp,
        limits,
        logger,
        requestUriSchemes,
        forceRport: settings.forceRport,
        rememberMs: TIMER_H(timers),
      });
    }),
  );
  const layer = new TransactionLayer({ clock, timers, transports, logger, forceRport: settings.forceRport });
  const ua: UaContext = {
    clock,
    timers,
    logger,
    settings,
    layer,
    transports,
    resolveHost: options.resolveHost ?? dnsResolver,
    dialogs: new Map<string, Dialog>(),
  };
  const uas = new UasCore(ua);
  const uac = new UacCore(ua);
  layer.core = {
    onRequest: (request, source, trying) => uas.onRequest(request, source, trying),
    onAck: (ack) => uas.onAck(ack),
  };
  const receive = createInbound({
    limits,
    requestUriSchemes,
    logger,
    onRequest: (request, source, trying) => layer.receiveRequest(request, source, trying),
    onResponse: (response) => layer.receiveResponse(response),
    reply: (bytes, flow) => transports.send(bytes, flow),
  });
  let state: 'new' | 'started' | 'closed' = 'new';

  return {
    async start() {
      if (state !== 'new') throw new Error(`the SIP stack is already ${state}`);
      state = 'started';
      await transports.listen(receive);
    },
    async close() {
      if (state === 'closed') return;
      state = 'closed';
      for (const dialog of [...ua.dialogs.values()]) dialog.close();
      layer.close();
      clock.cancelAll();
      await transports.close();
      clock.cancelAll();
    },
    onRequest(handler) {
      uas.handler = handler;
    },
    invite: (target, inviteOptions, signal) => uac.invite(target, inviteOptions, signal),
    request: (method, target, requestOptions) => uac.request(method, target, requestOptions),
    get addresses() {
      return transports.all.map((t) => ({ protocol: t.protocol, host: t.local.host, port: t.local.port }));
    },
    contact: (protocol) => localContact(ua, protocol ?? transports.preferred),
    stats() {
      const counts = layer.stats();
      const total =
        counts.inviteClient + counts.nonInviteClient + counts.inviteServer + counts.nonInviteServer;
      return {
        transactions: { ...counts, total },
        dialogs: ua.dialogs.size,
        connections: transports.connectionCount,
        timers: clock.pending,
        lingering: layer.lingeringCount,
      };
    },
  };
}
