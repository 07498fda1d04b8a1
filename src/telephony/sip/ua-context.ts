import type { HostResolver } from './destination.js';
import type { Dialog } from './dialog.js';
import type { SipLogger } from './logger.js';
import type { HeaderField } from './message.js';
import type { SipTimerValues } from './timers.js';
import type { TrackedClock } from './tracked-clock.js';
import type { TransactionLayer } from './transaction-layer.js';
import type { TransportProtocol } from './transport.js';
import type { TransportSet } from './transport-set.js';

/** The stack's settings that the UA core reads, resolved from SipStackOptions. */
export interface UaSettings {
  /** Methods the TU handles; others known to SIP get 405, unknown ones 501 (§8.2.1). */
  readonly allow: readonly string[];
  /** Option tags understood in Require (§8.2.2.3, §19.2). */
  readonly supported: readonly string[];
  /** Body types understood in requests (§8.2.3), answered in Accept with a 415. */
  readonly accept: readonly string[];
  /** Server / User-Agent value; none when undefined. */
  readonly userAgent: string | undefined;
  /** User part of the Contact URIs the stack writes. */
  readonly contactUser: string;
  /** Answer OPTIONS outside a dialog with 200 and the capabilities (§11.2) without the TU. */
  readonly answerOptions: boolean;
  /** Out-of-dialog requests with Max-Forwards 0: 'reject' answers 483 (§16.3), 'process' serves them (RFC 4475 §3.3.11). */
  readonly maxForwardsZero: 'reject' | 'process';
  /** Symmetric signalling: responses and in-dialog requests go back to where the peer sent from. */
  readonly forceRport: boolean;
}

/**
 * What the user-agent parts (UAS core, UAC core, dialogs, request handles) share: the clock, the
 * transaction layer, the transports, the dialog table, the settings.
 */
export interface UaContext {
  readonly clock: TrackedClock;
  readonly timers: SipTimerValues;
  readonly logger: SipLogger;
  readonly settings: UaSettings;
  readonly layer: TransactionLayer;
  readonly transports: TransportSet;
  readonly resolveHost: HostResolver;
  /** Dialogs by dialogKey(). */
  readonly dialogs: Map<string, Dialog>;
}

/** Allow and Supported (§20.5, §20.37), for OPTIONS answers, 2xx to INVITE, 405 and 501. */
export function capabilityHeaders(settings: UaSettings): HeaderField[] {
  const headers: HeaderField[] = [{ name: 'Allow', value: settings.allow.join(', ') }];
  if (settings.supported.length > 0)
    headers.push({ name: 'Supported', value: settings.supported.join(', ') });
  return headers;
}

/** The Contact URI text (no brackets) for messages that go out over `protocol`. */
export function localContact(ua: UaContext, protocol: TransportProtocol): string {
  return ua.transports.contactUri(protocol, ua.settings.contactUser);
}
