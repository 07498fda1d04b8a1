/**
 * Reads a peer's session description (RFC 4566 / RFC 8866) into the little the media plane needs:
 * per m= section its kind, port, transport, formats in order of preference, direction and address.
 * Strict and bounded: too large, too many sections or formats, a port outside 0–65535, an address
 * that is not IPv4, all refuse the whole description (MediaSdpInvalid).
 */
import { isIPv4 } from 'node:net';
import sdpTransform from 'sdp-transform';
import { mediaErrors } from './errors.js';

export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface SdpLimits {
  maxBytes: number;
  maxMediaSections: number;
  maxFormatsPerSection: number;
}

export const defaultSdpLimits: SdpLimits = Object.freeze({
  maxBytes: 16_384,
  maxMediaSections: 16,
  maxFormatsPerSection: 64,
});

/** One format of an m= line (RFC 4566 §5.14), with its a=rtpmap / a=fmtp when given. */
export interface SdpFormat {
  payloadType: number;
  /** Upper case, e.g. PCMU; static types without rtpmap get their RFC 3551 name; '' when unknown. */
  encoding: string;
  clockRate: number;
  channels: number;
  fmtp: string | undefined;
}

export interface SdpMediaSection {
  kind: string;
  /** 0 means the stream is rejected or disabled (RFC 3264 §5.1, §6). */
  port: number;
  protocol: string;
  formats: SdpFormat[];
  /** a=sendrecv etc., at media level, else session level, else sendrecv (RFC 3264 §5.1). */
  direction: MediaDirection;
  /** c= at media level, else session level; null for 0.0.0.0 (RFC 2543 hold, RFC 3264 §8.4). */
  address: string | null;
  ptime: number | undefined;
  /** The m= line as offered, for echoing a rejected section (RFC 3264 §6). */
  formatList: string;
}

export interface SdpSession {
  originAddress: string;
  sections: SdpMediaSection[];
}

/** RFC 3551 §6: static payload types this module can name without an rtpmap. */
const staticFormats: Readonly<Record<number, { encoding: string; clockRate: number }>> = {
  0: { encoding: 'PCMU', clockRate: 8000 },
  8: { encoding: 'PCMA', clockRate: 8000 },
  13: { encoding: 'CN', clockRate: 8000 },
};

const directions = new Set<string>(['sendrecv', 'sendonly', 'recvonly', 'inactive']);

function invalid(message: string): Error {
  return mediaErrors.MediaSdpInvalid(`SDP not accepted: ${message}`, { details: { sipStatus: 488 } });
}

/** Parses and checks a remote session description; throws MediaSdpInvalid. */
export function readSdp(text: string, limits: SdpLimits = defaultSdpLimits): SdpSession {
  if (Buffer.byteLength(text) > limits.maxBytes) throw invalid(`larger than ${limits.maxBytes} bytes`);
  if (!/^v=0\r?\n/.test(text)) throw invalid('it does not start with v=0');
  const parsed = sdpTransform.parse(text);
  const media = parsed.media ?? [];
  if (media.length === 0) throw invalid('no m= line');
  if (media.length > limits.maxMediaSections) throw invalid(`more than ${limits.maxMediaSections} m= lines`);
  const sessionDirection = parsed.direction ?? 'sendrecv';
  const sessionAddress = parsed.connection?.ip;
  const sections = media.map((m, i) => {
    if (typeof m.type !== 'string' || typeof m.protocol !== 'string' || typeof m.port !== 'number')
      throw invalid(`m= line ${i + 1} is not "m=<media> <port> <proto> <fmt>…"`);
    if (!Number.isInteger(m.port) || m.port < 0 || m.port > 65535)
      throw invalid(`m= line ${i + 1} has port ${m.port}`);
    const formatList = String(m.payloads ?? '').trim();
    const tokens = formatList === '' ? [] : formatList.split(/\s+/);
    if (tokens.length === 0) throw invalid(`m= line ${i + 1} lists no format`);
    if (tokens.length > limits.maxFormatsPerSection)
      throw invalid(`m= line ${i + 1} lists more than ${limits.maxFormatsPerSection} formats`);
    const rtp = m.protocol.startsWith('RTP/');
    const formats = rtp ? tokens.map((t) => readFormat(t, m, i)) : [];
    const direction = m.direction ?? sessionDirection;
    if (!directions.has(direction)) throw invalid(`m= line ${i + 1} has direction ${direction}`);
    return {
      kind: m.type,
      port: m.port,
      protocol: m.protocol,
      formats,
      direction: direction as MediaDirection,
      address: m.port === 0 ? null : readAddress(m.connection?.ip ?? sessionAddress, i),
      ptime: typeof m.ptime === 'number' && m.ptime > 0 ? m.ptime : undefined,
      formatList,
    };
  });
  return { originAddress: parsed.origin?.address ?? '', sections };
}

function readFormat(token: string, m: sdpTransform.MediaDescription, index: number): SdpFormat {
  const payloadType = Number(token);
  if (!/^\d{1,3}$/.test(token) || payloadType > 127)
    throw invalid(`m= line ${index + 1} has payload type "${token}"`);
  const map = m.rtp.find((r) => r.payload === payloadType);
  const fmtp = m.fmtp.find((f) => f.payload === payloadType)?.config;
  if (map) {
    return {
      payloadType,
      encoding: map.codec.toUpperCase(),
      clockRate: map.rate ?? 0,
      channels: map.encoding ?? 1,
      fmtp,
    };
  }
  const known = staticFormats[payloadType];
  return {
    payloadType,
    encoding: known?.encoding ?? '',
    clockRate: known?.clockRate ?? 0,
    channels: 1,
    fmtp,
  };
}

function readAddress(ip: string | undefined, index: number): string | null {
  if (ip === undefined) throw invalid(`no c= line for m= line ${index + 1} nor at session level`);
  const address = ip.split('/')[0] ?? '';
  if (!isIPv4(address)) throw invalid(`c= address "${ip}" is not an IPv4 address`);
  if (address === '0.0.0.0') return null;
  const first = Number(address.split('.')[0]);
  if (first >= 224 && first <= 239) throw invalid(`c= address ${address} is multicast`);
  return address;
}
