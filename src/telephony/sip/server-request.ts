import type { Dialog } from './dialog.js';
import { newTag } from './ids.js';
import type { HeaderField, SipRequest, WireResponse } from './message.js';
import { buildResponse } from './response.js';
import type { ServerTransaction } from './transaction-layer.js';
import type { InviteServerTransaction } from './transaction-server-invite.js';
import type { Flow } from './transport.js';
import { Emitter, type EventMap } from './typed-emitter.js';
import { capabilityHeaders, localContact, type UaContext } from './ua-context.js';

/** What the TU puts in a response besides its status. */
export interface ResponseContent {
  /** Extra header fields, after the ones the stack writes. */
  readonly headers?: readonly HeaderField[];
  readonly body?: Buffer;
  /** Content-Type of the body, e.g. application/sdp. */
  readonly contentType?: string;
}

/** A 2xx to an INVITE: the content, and the Contact to announce if not the stack's own. */
export interface AnswerContent extends ResponseContent {
  /** 200 by default. */
  readonly status?: number;
  readonly reason?: string;
  /** Contact URI text (no brackets); the stack's URI for the transport the INVITE came on by default. */
  readonly contact?: string;
}

/**
 * A request handed to the TU with its server transaction: `respond()` answers it through the
 * transaction (§17.2), which absorbs retransmissions. Every response carries the same To tag
 * (§8.2.6.2): the request's own inside a dialog, a fresh one otherwise.
 */
export class IncomingRequest {
  readonly toTag: string;

  constructor(
    readonly message: SipRequest,
    /** The flow the request arrived on. */
    readonly source: Flow,
    protected readonly tx: ServerTransaction,
    protected readonly ua: UaContext,
  ) {
    this.toTag = message.to.tag ?? newTag();
  }

  get method(): string {
    return this.message.method;
  }

  /** Whether a final response has been sent. */
  get answered(): boolean {
    return this.tx.lastResponseStatus >= 200;
  }

  /** Sends a response (§8.2.6). After the final one, further responses are ignored. */
  respond(status: number, reason?: string, content: ResponseContent = {}): void {
    this.tx.respond(this.response(status, reason, content, []));
  }

  /** §11.2: 200 saying what this UA supports (Contact, Allow, Accept, Accept-Encoding, Supported). */
  answerOptions(): void {
    const settings = this.ua.settings;
    this.respond(200, undefined, {
      headers: [
        { name: 'Contact', value: `<${localContact(this.ua, this.source.protocol)}>` },
        { name: 'Allow', value: settings.allow.join(', ') },
        { name: 'Accept', value: settings.accept.join(', ') },
        { name: 'Accept-Encoding', value: 'identity' },
        { name: 'Supported', value: settings.supported.join(', ') },
      ],
    });
  }

  /** Builds a response with the stack's own header fields (Server, Content-Type) and `extra`. */
  protected response(
    status: number,
    reason: string | undefined,
    content: ResponseContent,
    extra: readonly HeaderField[],
    copyRecordRoute = false,
  ): WireResponse {
    const headers: HeaderField[] = [...extra];
    if (this.ua.settings.userAgent !== undefined)
      headers.push({ name: 'Server', value: this.ua.settings.userAgent });
    if (content.headers !== undefined) headers.push(...content.headers);
    const body = content.body;
    if (body !== undefined && body.length > 0 && content.contentType !== undefined) {
      headers.push({ name: 'Content-Type', value: content.contentType });
    }
    return buildResponse(this.message, status, reason, { headers, body, toTag: this.toTag, copyRecordRoute });
  }
}

export interface IncomingInviteEvents extends EventMap {
  /** §9.2: the caller cancelled; the stack has answered the INVITE with 487. */
  cancel: [cancel: SipRequest];
}

/** The events of an IncomingInvite, emitted by the handle that owns them. */
class InviteEvents extends Emitter<IncomingInviteEvents> {
  cancelled(cancel: SipRequest): void {
    this.emit('cancel', cancel);
  }
}

/** Completes a 2xx to an INVITE: sends it and returns the dialog it establishes or refreshes. */
export type InviteAcceptor = (
  invite: IncomingInvite,
  response: WireResponse,
  tx: InviteServerTransaction,
) => Dialog;

/**
 * An INVITE handed to the TU. `accept()` answers 2xx and returns the dialog; `respond()` sends
 * provisional and failure responses. `signal` aborts when the caller cancels (the stack then
 * answers 487 itself, §9.2) or the transaction fails.
 */
export class IncomingInvite extends IncomingRequest {
  private readonly controller = new AbortController();
  private readonly events: InviteEvents;

  constructor(
    message: SipRequest,
    source: Flow,
    private readonly inviteTx: InviteServerTransaction,
    ua: UaContext,
    private readonly acceptor: InviteAcceptor,
  ) {
    super(message, source, inviteTx, ua);
    this.events = new InviteEvents(ua.logger);
    inviteTx.tu = {
      onCancel: (cancel) => this.cancelled(cancel),
      onFailure: (reason) => this.controller.abort(reason),
    };
  }

  /** Listens for the caller's CANCEL (the stack answers 487; `signal` aborts too). */
  on(event: 'cancel', listener: (cancel: SipRequest) => void): this {
    this.events.on(event, listener);
    return this;
  }

  /** Aborts with reason 'cancel' on CANCEL, 'timeout' or 'transport-error' when the transaction fails. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  override respond(status: number, reason?: string, content: ResponseContent = {}): void {
    if (status >= 200 && status < 300) throw new RangeError('answer an INVITE with accept(), not respond()');
    super.respond(status, reason, content);
  }

  /**
   * Answers 2xx (200 unless told) with Contact, Allow and Supported (§13.3.1.4), the
   * Record-Route copied (§12.1.1), and the body (the SDP answer); returns the dialog.
   */
  accept(content: AnswerContent = {}): Dialog {
    if (this.answered) throw new RangeError('the INVITE has already been answered');
    const status = content.status ?? 200;
    if (status < 200 || status > 299) throw new RangeError('accept() sends a 2xx');
    const contact = content.contact ?? localContact(this.ua, this.source.protocol);
    const extra = [{ name: 'Contact', value: `<${contact}>` }, ...capabilityHeaders(this.ua.settings)];
    const response = this.response(status, content.reason, content, extra, true);
    return this.acceptor(this, response, this.inviteTx);
  }

  private cancelled(cancel: SipRequest): void {
    if (!this.answered) super.respond(487);
    this.controller.abort('cancel');
    this.events.cancelled(cancel);
  }
}
