/**
 * Bounds on what the parser and the stream framer accept, so that no message can make them
 * allocate or scan more than these figures allow. Nothing is ever sized from a length that the
 * peer declares (Content-Length): buffers only grow with bytes that actually arrived.
 */
export interface SipLimits {
  /** Whole message, start line to end of body (a UDP datagram cannot exceed 65,535). */
  readonly maxMessageBytes: number;
  /** Header fields (after unfolding) in one message. */
  readonly maxHeaderFields: number;
  /** One physical line, start line included, without its CRLF. */
  readonly maxLineLength: number;
  /** One header field value after unfolding (§7.3.1 line folding). */
  readonly maxHeaderValueLength: number;
  /** Via values in one message (each hop adds one; Max-Forwards starts at 70). */
  readonly maxViaValues: number;
  /** A URI (Request-URI or one in a header field). */
  readonly maxUriLength: number;
}

export const DEFAULT_SIP_LIMITS: SipLimits = Object.freeze({
  maxMessageBytes: 65_535,
  maxHeaderFields: 128,
  maxLineLength: 8_192,
  maxHeaderValueLength: 8_192,
  maxViaValues: 70,
  maxUriLength: 2_048,
});

/** Defaults with some figures replaced; every figure must be a positive integer. */
export function sipLimits(overrides: Partial<SipLimits> = {}): SipLimits {
  const limits = { ...DEFAULT_SIP_LIMITS, ...overrides };
  for (const [key, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value <= 0) {
      throw new RangeError(`SIP limit ${key} must be a positive integer`);
    }
  }
  return Object.freeze(limits);
}
