import { headerValue } from './headers.js';
import type { SipRequest, SipResponse, WireRequest } from './message.js';
import { formatNameAddr, type NameAddr } from './name-addr.js';
import { findParam } from './params.js';
import { formatUri, type Uri } from './uri.js';

/**
 * The state of a dialog (§12): its identifier (Call-ID, local and remote tags), the local and
 * remote URIs as they go into From and To, the sequence numbers, the remote target and the
 * route set. Pure data and the functions that derive it; the Dialog class drives it.
 */
export interface DialogState {
  readonly callId: string;
  readonly localTag: string;
  /** Empty for an RFC 2543 peer that sent no From tag (§12.1.1). */
  readonly remoteTag: string;
  /** From of the requests we send: local URI and local tag, as written. */
  readonly localHeader: string;
  /** To of the requests we send: remote URI and remote tag, as written. */
  readonly remoteHeader: string;
  /** CSeq of the last request we sent in the dialog. */
  localSeq: number;
  /** CSeq of the last request the peer sent; undefined until it sends one (§12.1.2). */
  remoteSeq: number | undefined;
  /** Where requests go: the peer's Contact, updated by target refreshes (§12.2). */
  remoteTarget: Uri;
  readonly routeSet: readonly NameAddr[];
}

/** The key of a dialog in the stack's table (§12: Call-ID, local tag, remote tag). */
export function dialogKey(callId: string, localTag: string, remoteTag: string): string {
  return `${callId}|${localTag}|${remoteTag}`;
}

/** The first Contact URI of a message, when it has one (remote target, §12.1.1, §12.1.2). */
export function contactUri(message: SipRequest | SipResponse): Uri | undefined {
  return message.contact === '*' ? undefined : message.contact[0]?.uri;
}

/**
 * §12.1.1: the UAS side, from the INVITE and the tag our 2xx adds: the route set is the
 * Record-Route of the request in order, the remote target its Contact, the remote sequence
 * number its CSeq; our own sequence starts at a small random number.
 */
export function uasDialogState(invite: SipRequest, localTag: string, remoteTarget: Uri): DialogState {
  return {
    callId: invite.callId,
    localTag,
    remoteTag: invite.from.tag ?? '',
    localHeader: `${headerValue(invite, 'To')!};tag=${localTag}`,
    remoteHeader: headerValue(invite, 'From')!,
    localSeq: 1 + Math.floor(Math.random() * 10_000),
    remoteSeq: invite.cseq.seq,
    remoteTarget,
    routeSet: invite.recordRoute,
  };
}

/**
 * §12.1.2: the UAC side, from the INVITE we sent and a 2xx: the route set is the response's
 * Record-Route reversed, the remote target its Contact (the Request-URI if it has none), our
 * sequence number the INVITE's; the remote one stays empty.
 */
export function uacDialogState(invite: WireRequest, cseq: number, response: SipResponse): DialogState {
  return {
    callId: response.callId,
    localTag: response.from.tag ?? '',
    remoteTag: response.to.tag ?? '',
    localHeader: headerValue(invite, 'From')!,
    remoteHeader: headerValue(response, 'To')!,
    localSeq: cseq,
    remoteSeq: undefined,
    remoteTarget: contactUri(response) ?? invite.requestUri,
    routeSet: [...response.recordRoute].reverse(),
  };
}

/** Request-URI and Route values of a request in the dialog (§12.2.1.1, loose and strict routing). */
export function dialogRouting(state: DialogState): { requestUri: Uri; routes: string[] } {
  const first = state.routeSet[0];
  if (first === undefined) return { requestUri: state.remoteTarget, routes: [] };
  const routes = state.routeSet.map(formatNameAddr);
  if (first.uri.kind === 'sip' && findParam(first.uri.params, 'lr') !== undefined) {
    return { requestUri: state.remoteTarget, routes };
  }
  // A strict router: it gets the Request-URI, and the remote target goes last in Route.
  routes.shift();
  routes.push(`<${formatUri(state.remoteTarget)}>`);
  return { requestUri: first.uri, routes };
}

/** The URI of the next hop: the first route, else the remote target (§12.2.1.1, §8.1.2). */
export function nextHopUri(state: DialogState): Uri {
  return state.routeSet[0]?.uri ?? state.remoteTarget;
}
