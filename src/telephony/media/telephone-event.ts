/**
 * The RFC 4733 telephone-event payload (§2.3): event (8 bits), E end bit, R reserved, volume
 * (6 bits, −dBm0), duration (16 bits, in timestamp units). DTMF events are 0–9, * = 10, # = 11,
 * A–D = 12–15 (§3.2).
 */

export type DtmfDigit =
  | '0'
  | '1'
  | '2'
  | '3'
  | '4'
  | '5'
  | '6'
  | '7'
  | '8'
  | '9'
  | '*'
  | '#'
  | 'A'
  | 'B'
  | 'C'
  | 'D';

const digits: readonly DtmfDigit[] = [
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  '*',
  '#',
  'A',
  'B',
  'C',
  'D',
];

export const telephoneEventBytes = 4;

export interface TelephoneEvent {
  event: number;
  end: boolean;
  volume: number;
  /** In timestamp units (8 kHz: 160 = 20 ms). */
  duration: number;
}

/** The digit of a DTMF event code (§3.2), or undefined for other events (flash, tones…). */
export function digitOfEvent(event: number): DtmfDigit | undefined {
  return digits[event];
}

/** The event code of a digit; accepts a–d in lower case. */
export function eventOfDigit(digit: string): number | undefined {
  const i = digits.indexOf(digit.toUpperCase() as DtmfDigit);
  return i < 0 ? undefined : i;
}

export function isDtmfDigit(value: string): value is DtmfDigit {
  return (digits as readonly string[]).includes(value);
}

/** Reads the first event block of a payload; undefined when it is shorter than 4 bytes. */
export function decodeTelephoneEvent(payload: Uint8Array): TelephoneEvent | undefined {
  if (payload.length < telephoneEventBytes) return undefined;
  const flags = payload[1]!;
  return {
    event: payload[0]!,
    end: (flags & 0x80) !== 0,
    volume: flags & 0x3f,
    duration: (payload[2]! << 8) | payload[3]!,
  };
}

export function encodeTelephoneEvent(e: TelephoneEvent): Buffer {
  const out = Buffer.alloc(telephoneEventBytes);
  out[0] = e.event & 0xff;
  out[1] = (e.end ? 0x80 : 0) | (e.volume & 0x3f);
  out.writeUInt16BE(Math.min(0xffff, e.duration), 2);
  return out;
}
