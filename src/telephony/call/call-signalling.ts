/**
 * What the SIP call channel needs from signalling: to learn that the caller hung up, to hang up,
 * and DTMF that came by SIP INFO. The SIP dialog adapter implements it; tests can fake it.
 */
export interface CallSignalling {
  /** Aborts when the caller hangs up (BYE, CANCEL) or the dialog fails. */
  readonly hangupSignal: AbortSignal;
  /** Sends BYE; does nothing when the call is already over. */
  hangup(reason: string): Promise<void>;
  /** Digits that arrive as SIP INFO (application/dtmf-relay, application/dtmf). */
  onInfoDigit(listener: (digit: string) => void): () => void;
}
