/**
 * Timer values of RFC 3261 Appendix A (Table 4), and of RFC 6026 §8.4 for the Accepted states.
 * T1 is the round-trip estimate, T2 the cap on non-INVITE and 2xx retransmission intervals, T4
 * how long the network may keep a message. Every figure is in milliseconds.
 */
export interface SipTimerValues {
  /** RTT estimate, 500 ms by default (§17.1.1.1). */
  readonly t1: number;
  /** Maximum retransmit interval for non-INVITE requests and INVITE responses, 4 s. */
  readonly t2: number;
  /** Maximum duration a message will remain in the network, 5 s. */
  readonly t4: number;
}

export const DEFAULT_TIMERS: SipTimerValues = Object.freeze({ t1: 500, t2: 4_000, t4: 5_000 });

/** Defaults with some figures replaced; each must be a positive integer and T1 ≤ T2. */
export function sipTimerValues(overrides: Partial<SipTimerValues> = {}): SipTimerValues {
  const values = { ...DEFAULT_TIMERS, ...overrides };
  for (const [key, value] of Object.entries(values)) {
    if (!Number.isInteger(value) || value <= 0)
      throw new RangeError(`SIP timer ${key} must be a positive integer`);
  }
  if (values.t1 > values.t2) throw new RangeError('SIP timer T1 must not exceed T2');
  return Object.freeze(values);
}

/** INVITE request retransmit interval, UDP only: initially T1, doubling (§17.1.1.2). */
export const TIMER_A = (t: SipTimerValues): number => t.t1;
/** INVITE transaction timeout: 64*T1 (§17.1.1.2). */
export const TIMER_B = (t: SipTimerValues): number => 64 * t.t1;
/** Wait time for response retransmissions after a non-2xx: > 32 s for UDP, 0 for TCP (§17.1.1.2). */
export const TIMER_D = (t: SipTimerValues, reliable: boolean): number =>
  reliable ? 0 : Math.max(32_000, 64 * t.t1);
/** Non-INVITE request retransmit interval, UDP only: initially T1, doubling up to T2 (§17.1.2.2). */
export const TIMER_E = (t: SipTimerValues): number => t.t1;
/** Non-INVITE transaction timeout: 64*T1 (§17.1.2.2). */
export const TIMER_F = (t: SipTimerValues): number => 64 * t.t1;
/** INVITE final response retransmit interval, UDP only: initially T1, doubling up to T2 (§17.2.1). */
export const TIMER_G = (t: SipTimerValues): number => t.t1;
/** Wait time for ACK receipt: 64*T1 (§17.2.1). */
export const TIMER_H = (t: SipTimerValues): number => 64 * t.t1;
/** Wait time for ACK retransmissions: T4 for UDP, 0 for TCP (§17.2.1). */
export const TIMER_I = (t: SipTimerValues, reliable: boolean): number => (reliable ? 0 : t.t4);
/** Wait time for non-INVITE request retransmissions: 64*T1 for UDP, 0 for TCP (§17.2.2). */
export const TIMER_J = (t: SipTimerValues, reliable: boolean): number => (reliable ? 0 : 64 * t.t1);
/** Wait time for non-INVITE response retransmissions: T4 for UDP, 0 for TCP (§17.1.2.2). */
export const TIMER_K = (t: SipTimerValues, reliable: boolean): number => (reliable ? 0 : t.t4);
/** RFC 6026 §8.4: wait time for accepted INVITE request retransmissions, 64*T1. */
export const TIMER_L = (t: SipTimerValues): number => 64 * t.t1;
/** RFC 6026 §8.4: wait time for retransmissions of 2xx responses, 64*T1. */
export const TIMER_M = (t: SipTimerValues): number => 64 * t.t1;

/** The next retransmit interval: doubled, capped at T2 when `capped` (§17.1.2.2, §17.2.1, §13.3.1.4). */
export function backoff(interval: number, t: SipTimerValues, capped: boolean): number {
  return capped ? Math.min(2 * interval, t.t2) : 2 * interval;
}
