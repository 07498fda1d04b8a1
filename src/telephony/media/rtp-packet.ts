/**
 * The RTP fixed header (RFC 3550 §5.1), with the contributing sources (§5.1 CC/CSRC), the header
 * extension (§5.3.1) and padding (§5.1 P) skipped over so that `payload` is exactly the media.
 * Decoding never throws: a malformed datagram gives a reason, for the caller to count and drop.
 */

export const rtpVersion = 2;
export const rtpHeaderBytes = 12;

export interface RtpHeader {
  marker: boolean;
  payloadType: number;
  /** 16 bits, wraps. */
  sequence: number;
  /** 32 bits, wraps; in units of the payload's clock (8 kHz for G.711 and telephone-event). */
  timestamp: number;
  /** 32-bit synchronisation source. */
  ssrc: number;
}

export interface RtpPacket extends RtpHeader {
  /** The media bytes: a view into the datagram, after CSRCs and extension, before padding. */
  payload: Buffer;
}

export type RtpDecodeResult = { ok: true; packet: RtpPacket } | { ok: false; reason: RtpMalformed };

export type RtpMalformed =
  | 'too-short'
  | 'bad-version'
  | 'rtcp-payload-type'
  | 'csrc-overrun'
  | 'extension-overrun'
  | 'bad-padding';

/**
 * Decodes a datagram as RTP. Refuses what RFC 3550 Appendix A.1 calls invalid: a version other than
 * 2, a payload type that collides with RTCP (72–76, §12.1 / RFC 5761 §4), and lengths that do not add up.
 */
export function decodeRtp(datagram: Buffer): RtpDecodeResult {
  if (datagram.length < rtpHeaderBytes) return { ok: false, reason: 'too-short' };
  const b0 = datagram[0]!;
  const b1 = datagram[1]!;
  if (b0 >> 6 !== rtpVersion) return { ok: false, reason: 'bad-version' };
  const payloadType = b1 & 0x7f;
  if (payloadType >= 72 && payloadType <= 76) return { ok: false, reason: 'rtcp-payload-type' };
  let offset = rtpHeaderBytes + (b0 & 0x0f) * 4;
  if (offset > datagram.length) return { ok: false, reason: 'csrc-overrun' };
  if (b0 & 0x10) {
    if (offset + 4 > datagram.length) return { ok: false, reason: 'extension-overrun' };
    offset += 4 + datagram.readUInt16BE(offset + 2) * 4;
    if (offset > datagram.length) return { ok: false, reason: 'extension-overrun' };
  }
  let end = datagram.length;
  if (b0 & 0x20) {
    const padding = datagram[end - 1]!;
    if (padding === 0 || end - padding < offset) return { ok: false, reason: 'bad-padding' };
    end -= padding;
  }
  return {
    ok: true,
    packet: {
      marker: (b1 & 0x80) !== 0,
      payloadType,
      sequence: datagram.readUInt16BE(2),
      timestamp: datagram.readUInt32BE(4),
      ssrc: datagram.readUInt32BE(8),
      payload: datagram.subarray(offset, end),
    },
  };
}

/** Encodes a packet with no CSRC, no extension and no padding: the 12-byte header, then the payload. */
export function encodeRtp(header: RtpHeader, payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(rtpHeaderBytes + payload.length);
  writeRtpHeader(out, header);
  out.set(payload, rtpHeaderBytes);
  return out;
}

/** Writes the 12-byte fixed header at the start of `out`. */
export function writeRtpHeader(out: Buffer, header: RtpHeader): void {
  writeRtpHeaderFields(
    out,
    header.marker,
    header.payloadType,
    header.sequence,
    header.timestamp,
    header.ssrc,
  );
}

/** writeRtpHeader without the header object (the per-packet path allocates nothing it can avoid). */
export function writeRtpHeaderFields(
  out: Buffer,
  marker: boolean,
  payloadType: number,
  sequence: number,
  timestamp: number,
  ssrc: number,
): void {
  out[0] = rtpVersion << 6;
  out[1] = (marker ? 0x80 : 0) | (payloadType & 0x7f);
  out.writeUInt16BE(sequence & 0xffff, 2);
  out.writeUInt32BE(timestamp >>> 0, 4);
  out.writeUInt32BE(ssrc >>> 0, 8);
}
