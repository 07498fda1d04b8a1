import type { Clock } from '../../shared/clock.js';
import { responseFlow } from './destination.js';
import { LingerQueues } from './linger-queue.js';
import type { SipLogger } from './logger.js';
import type { SipRequest, SipResponse, WireRequest } from './message.js';
import type { SipTimerValues } from './timers.js';
import type { Transaction, TransactionContext } from './transaction.js';
import { NonInviteClientTransaction } from './transaction-client.js';
import { type ClientTransactionUser, InviteClientTransaction } from './transaction-client-invite.js';
import { clientKey, originKey, serverKey } from './transaction-key.js';
import { NonInviteServerTransaction } from './transaction-server.js';
import { InviteServerTransaction } from './transaction-server-invite.js';
import type { Flow } from './transport.js';
import type { TransportSet } from './transport-set.js';

export type ServerTransaction = InviteServerTransaction | NonInviteServerTransaction;
export type ClientTransaction = InviteClientTransaction | NonInviteClientTransaction;

/** Where messages that match no transaction go: the UA core (§17.1.3, §17.2.3). */
export interface TransactionCore {
  /** A request that starts a new server transaction (any method but ACK); `trying` as in createServer. */
  onRequest(request: SipRequest, source: Flow, trying?: Buffer): void;
  /** An ACK matching no INVITE server transaction: the ACK for a 2xx, end to end (§13.3.1.4). */
  onAck(ack: SipRequest, source: Flow): void;
}

export interface TransactionLayerOptions {
  readonly clock: Clock;
  readonly timers: SipTimerValues;
  readonly transports: TransportSet;
  readonly logger: SipLogger;
  /** Send responses back to the packet source (see responseFlow). */
  readonly forceRport: boolean;
}

export interface TransactionCounts {
  readonly inviteClient: number;
  readonly nonInviteClient: number;
  readonly inviteServer: number;
  readonly nonInviteServer: number;
}

/**
 * The transaction layer (§17): finds the transaction a message belongs to, creates server
 * transactions for new requests and client transactions for requests the core sends, and forgets
 * each one when it terminates. Also indexes server transactions by origin, for the UAS core's
 * merged-request check (§8.2.2.2).
 */
export class TransactionLayer {
  private readonly servers = new Map<string, ServerTransaction>();
  private readonly clients = new Map<string, ClientTransaction>();
  private readonly origins = new Map<string, ServerTransaction>();
  private readonly counts = { inviteClient: 0, nonInviteClient: 0, inviteServer: 0, nonInviteServer: 0 };
  core: TransactionCore = { onRequest: () => undefined, onAck: () => undefined };
  private readonly reliable: TransactionContext;
  private readonly unreliable: TransactionContext;
  private readonly lingering: LingerQueues;

  constructor(private readonly o: TransactionLayerOptions) {
    this.lingering = new LingerQueues(o.clock);
    this.reliable = this.context(true);
    this.unreliable = this.context(false);
  }

  /** `trying`: the 100 Trying the transport already sent, when this is a new INVITE it answered. */
  receiveRequest(request: SipRequest, source: Flow, trying?: Buffer): void {
    const tx = this.servers.get(serverKey(request));
    if (request.method === 'ACK') {
      if (!(tx instanceof InviteServerTransaction) || !tx.receiveAck()) this.core.onAck(request, source);
    } else if (tx !== undefined) {
      tx.receiveRequest();
    } else {
      this.core.onRequest(request, source, trying);
    }
  }

  /** §17.1.3; a response matching no transaction is dropped (§18.1.2). */
  receiveResponse(response: SipResponse): void {
    const branch = response.via[0]?.branch;
    const tx = branch === undefined ? undefined : this.clients.get(clientKey(branch, response.cseq.method));
    if (tx !== undefined) tx.receiveResponse(response);
    else
      this.o.logger.debug({ callId: response.callId, status: response.status }, 'SIP stray response dropped');
  }

  /**
   * A server transaction for a new request; an INVITE one sends 100 Trying at once (§17.2.1),
   * unless the transport has (`trying`, the bytes it sent).
   */
  createServer(request: SipRequest, source: Flow, trying?: Buffer): ServerTransaction {
    const key = serverKey(request);
    const flow = responseFlow(request.via[0]!, source, this.o.forceRport);
    const ctx = this.contextFor(flow);
    const origin = originKey(request);
    const tx =
      request.method === 'INVITE'
        ? new InviteServerTransaction(key, ctx, flow, request, origin, trying)
        : new NonInviteServerTransaction(key, ctx, flow, request, origin);
    this.servers.set(key, tx);
    if (origin !== undefined && !this.origins.has(origin)) this.origins.set(origin, tx);
    if (tx instanceof InviteServerTransaction) {
      this.counts.inviteServer++;
      tx.start();
    } else {
      this.counts.nonInviteServer++;
    }
    return tx;
  }

  /** §8.2.2.2: whether another transaction already holds the same request, arrived by another path. */
  isMerged(tx: ServerTransaction): boolean {
    const first = tx.origin === undefined ? undefined : this.origins.get(tx.origin);
    return first !== undefined && first !== tx;
  }

  /** §9.2: the INVITE server transaction a CANCEL is for. */
  findInviteFor(cancel: SipRequest): InviteServerTransaction | undefined {
    const tx = this.servers.get(serverKey(cancel, 'INVITE'));
    return tx instanceof InviteServerTransaction ? tx : undefined;
  }

  /** Sends a request through a new client transaction; `branch` is the one in its (only) Via. */
  createClient(
    request: WireRequest,
    branch: string,
    flow: Flow,
    tu: ClientTransactionUser,
  ): ClientTransaction {
    const key = clientKey(branch, request.method);
    const ctx = this.contextFor(flow);
    const tx =
      request.method === 'INVITE'
        ? new InviteClientTransaction(key, ctx, flow, request, tu)
        : new NonInviteClientTransaction(key, ctx, flow, request, tu);
    this.clients.set(key, tx);
    if (tx instanceof InviteClientTransaction) this.counts.inviteClient++;
    else this.counts.nonInviteClient++;
    tx.start();
    return tx;
  }

  stats(): TransactionCounts {
    return { ...this.counts };
  }

  /** Transactions waiting out Timer D, I, J, K, L or M. */
  get lingeringCount(): number {
    return this.lingering.size;
  }

  /**
   * Ends every transaction (their timers go with them); those still waiting for a final
   * response tell their TU as a transport failure would (a request outcome of 503).
   */
  close(): void {
    for (const tx of [...this.servers.values()]) tx.abort();
    for (const tx of [...this.clients.values()]) tx.abort();
    this.lingering.clear();
  }

  private contextFor(flow: Flow): TransactionContext {
    return this.o.transports.isReliable(flow.protocol) ? this.reliable : this.unreliable;
  }

  /** One context per kind of transport, shared by its transactions. */
  private context(reliable: boolean): TransactionContext {
    const transports = this.o.transports;
    return {
      clock: this.o.clock,
      timers: this.o.timers,
      reliable,
      send: (bytes, flow, onFailure) => transports.send(bytes, flow, onFailure),
      logger: this.o.logger,
      linger: (ms, tx) => this.lingering.add(ms, tx),
      onTerminated: (tx) => this.forget(tx),
    };
  }

  private forget(tx: Transaction<string>): void {
    if (tx instanceof InviteServerTransaction || tx instanceof NonInviteServerTransaction) {
      if (this.servers.get(tx.key) === tx) this.servers.delete(tx.key);
      if (tx.origin !== undefined && this.origins.get(tx.origin) === tx) this.origins.delete(tx.origin);
      if (tx instanceof InviteServerTransaction) this.counts.inviteServer--;
      else this.counts.nonInviteServer--;
    } else if (tx instanceof InviteClientTransaction || tx instanceof NonInviteClientTransaction) {
      if (this.clients.get(tx.key) === tx) this.clients.delete(tx.key);
      if (tx instanceof InviteClientTransaction) this.counts.inviteClient--;
      else this.counts.nonInviteClient--;
    }
  }
}
