/**
 * DTMF carried in SIP INFO bodies (the SIP side reads the request; this reads its body):
 * - application/dtmf-relay: lines `Signal=5` and `Duration=160` (ms), the de facto format of
 *   Cisco and most PBXs;
 * - application/dtmf: the digit alone (draft-kaplan-dispatch-info-dtmf-package), or its RFC 4733
 *   event code (10 = *, 11 = #).
 */
import { type DtmfDigit, digitOfEvent, isDtmfDigit } from './telephone-event.js';

export interface InfoDigit {
  digit: DtmfDigit;
  /** Duration when the body gave one (ms). */
  durationMs: number | undefined;
}

const maxBodyBytes = 512;

/** The digit of an INFO body; undefined when the content type is not DTMF or the body holds none. */
export function parseDtmfInfo(contentType: string, body: string | Uint8Array): InfoDigit | undefined {
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  if (text.length > maxBodyBytes) return undefined;
  const type = contentType.split(';')[0]?.trim().toLowerCase();
  if (type === 'application/dtmf-relay') return parseRelay(text);
  if (type === 'application/dtmf') {
    const digit = toDigit(text.trim());
    return digit ? { digit, durationMs: undefined } : undefined;
  }
  return undefined;
}

function parseRelay(text: string): InfoDigit | undefined {
  let digit: DtmfDigit | undefined;
  let durationMs: number | undefined;
  for (const line of text.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim().toLowerCase();
    const value = line.slice(eq + 1).trim();
    if (key === 'signal') digit = toDigit(value);
    else if (key === 'duration' && /^\d{1,6}$/.test(value)) durationMs = Number(value);
  }
  return digit ? { digit, durationMs } : undefined;
}

function toDigit(value: string): DtmfDigit | undefined {
  const upper = value.toUpperCase();
  if (isDtmfDigit(upper)) return upper;
  if (/^1[0-5]$/.test(value)) return digitOfEvent(Number(value));
  return undefined;
}
