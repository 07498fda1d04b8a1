import { type DialogState, dialogRouting, nextHopUri } from './dialog-state.js';
import { newBranch } from './ids.js';
import type { HeaderField, SipResponse } from './message.js';
import { nextHop } from './next-hop.js';
import { buildRequest } from './request-builder.js';
import { serializeMessage } from './serializer.js';
import { reasonPhrase } from './status-codes.js';
import type { Flow } from './transport.js';
import { localContact, type UaContext } from './ua-context.js';

/** What to put in a request sent in a dialog. */
export interface DialogRequestOptions {
  readonly headers?: readonly HeaderField[];
  readonly body?: Buffer;
  readonly contentType?: string;
}

/**
 * The outcome of a request: the final response, or, per §8.1.3.1, a timeout as 408 and a
 * transport failure (or an unreachable next hop) as 503, with no response.
 */
export interface RequestResult {
  readonly status: number;
  readonly reason: string;
  readonly response: SipResponse | undefined;
}

export function localResult(status: number, reason: string = reasonPhrase(status)): RequestResult {
  return { status, reason, response: undefined };
}

/** Requests that replace the remote target with their Contact (§12.2, RFC 3311 §5.2). */
export const TARGET_REFRESH: ReadonlySet<string> = new Set([
  'INVITE',
  'UPDATE',
  'SUBSCRIBE',
  'NOTIFY',
  'REFER',
]);

/**
 * The sending half of a dialog: requests with the dialog's From, To, Call-ID, next CSeq, Route
 * and Request-URI (§12.2.1.1) through client transactions, to the next hop (first route or
 * remote target, resolved once and kept until the target changes), and the ACK for each 2xx to
 * an INVITE (§13.2.2.4), sent again for each retransmission of that 2xx.
 */
export class DialogSender {
  private hop: Flow | undefined;
  private lastAck: { readonly seq: number; readonly bytes: Buffer; readonly flow: Flow } | undefined;

  constructor(
    private readonly ua: UaContext,
    private readonly st: DialogState,
    /** The flow the dialog was set up over: its connection is reused when it reaches the next hop. */
    private readonly flow: Flow,
    /** Send everything back along `flow` whatever the route set and target say (symmetric signalling). */
    private readonly symmetric: boolean,
  ) {}

  /** The remote target changed (§12.2): resolve the next hop again. */
  forgetHop(): void {
    this.hop = undefined;
  }

  /**
   * Sends a request and resolves with its final outcome. For an INVITE, `on2xx` runs for every
   * 2xx (the first and retransmissions) before it is ACKed.
   */
  async send(
    method: string,
    options: DialogRequestOptions,
    on2xx?: (response: SipResponse) => void,
  ): Promise<RequestResult> {
    const flow = await this.nextHop();
    if (flow === undefined) return localResult(503, 'Next Hop Unreachable');
    const cseq = ++this.st.localSeq;
    const branch = newBranch();
    const { requestUri, routes } = dialogRouting(this.st);
    const request = buildRequest({
      method,
      requestUri,
      via: this.ua.transports.via(flow.protocol, branch),
      from: this.st.localHeader,
      to: this.st.remoteHeader,
      callId: this.st.callId,
      cseq,
      routes,
      contact: TARGET_REFRESH.has(method) ? localContact(this.ua, flow.protocol) : undefined,
      headers: options.headers,
      body: options.body,
      contentType: options.contentType,
      userAgent: this.ua.settings.userAgent,
    });
    return new Promise((resolve) => {
      this.ua.layer.createClient(request, branch, flow, {
        onResponse: (response) => {
          if (response.status < 200) return;
          if (method === 'INVITE' && response.status < 300) {
            on2xx?.(response);
            this.acknowledge(cseq);
          }
          resolve({ status: response.status, reason: response.reason, response });
        },
        onFailure: (status) => resolve(localResult(status)),
      });
    });
  }

  /**
   * ACKs a 2xx to the INVITE with CSeq `cseq` (§13.2.2.4): a request of its own, outside any
   * transaction, with the INVITE's CSeq number; a retransmitted 2xx gets the same ACK again.
   */
  acknowledge(cseq: number): void {
    const last = this.lastAck;
    if (last !== undefined && last.seq === cseq) {
      this.ua.transports.send(last.bytes, last.flow);
      return;
    }
    void this.nextHop().then((flow) => {
      if (flow === undefined) return;
      const { requestUri, routes } = dialogRouting(this.st);
      const ack = buildRequest({
        method: 'ACK',
        requestUri,
        via: this.ua.transports.via(flow.protocol, newBranch()),
        from: this.st.localHeader,
        to: this.st.remoteHeader,
        callId: this.st.callId,
        cseq,
        routes,
        userAgent: this.ua.settings.userAgent,
      });
      const bytes = serializeMessage(ack);
      this.lastAck = { seq: cseq, bytes, flow };
      this.ua.transports.send(bytes, flow);
    });
  }

  private async nextHop(): Promise<Flow | undefined> {
    if (this.hop !== undefined) return this.hop;
    this.hop = this.symmetric ? this.flow : await nextHop(this.ua, nextHopUri(this.st), this.flow);
    return this.hop;
  }
}
