/**
 * Checks a browser's WebRTC offer before any socket is opened, and trims it to what the leg will
 * answer. The softphone takes exactly one audio stream (RFC 8829 §5.3: every m= section of an offer
 * needs an answer, and we have nothing to answer video or data with) carried over DTLS-SRTP
 * (UDP/TLS/RTP/SAVPF, RFC 5764) with rtcp-mux (RFC 8858), ICE credentials (RFC 8839 §5.4) and a
 * certificate fingerprint (RFC 8122 §5). The codec is the first PCMU or PCMA format in the
 * offerer's order (RFC 3264 §6.1), so audio passes to SIP calls without transcoding; RFC 4733
 * telephone-event at 8 kHz is kept when offered. The offer given to the WebRTC stack then lists only
 * those formats, only the UDP candidates with an IP address (no mDNS names, no TCP), at most
 * maxCandidates of them.
 */
import { isIP } from 'node:net';
import sdpTransform, { type MediaDescription } from 'sdp-transform';
import type { G711Codec } from '../media/g711.js';
import { webrtcErrors } from './errors.js';

export interface OfferLimits {
  maxOfferBytes: number;
  maxCandidates: number;
}

export interface OfferChoice {
  codec: G711Codec;
  payloadType: number;
  /** RFC 4733 events at 8 kHz, or null when the browser offered none. */
  telephoneEventPayloadType: number | null;
  /** The offer trimmed to the chosen formats and usable candidates (what the WebRTC stack sees). */
  sdp: string;
}

type Rtp = MediaDescription['rtp'][number];

const staticNames: Readonly<Record<number, G711Codec>> = { 0: 'PCMU', 8: 'PCMA' };

/** Checks and trims an offer; throws WebRtcOfferInvalid or WebRtcNoCommonCodec. */
export function chooseFromOffer(
  sdp: string,
  accepted: readonly G711Codec[],
  limits: OfferLimits,
): OfferChoice {
  const invalid = (why: string) => webrtcErrors.WebRtcOfferInvalid(`the WebRTC offer ${why}`);
  if (typeof sdp !== 'string' || sdp.length === 0) throw invalid('is empty');
  if (Buffer.byteLength(sdp) > limits.maxOfferBytes)
    throw invalid(`is larger than ${limits.maxOfferBytes} bytes`);
  if (!sdp.startsWith('v=0')) throw invalid('is not a session description (it must start with v=0)');
  const session = sdpTransform.parse(sdp);
  const media = session.media ?? [];
  if (media.length !== 1 || media[0]?.type !== 'audio')
    throw invalid(
      `must hold exactly one audio stream; it holds ${media.map((m) => m.type).join(', ') || 'none'}`,
    );
  const audio = media[0];
  if (audio.port === 0) throw invalid('disables its audio stream (port 0)');
  if (audio.protocol !== 'UDP/TLS/RTP/SAVPF')
    throw invalid(`uses ${audio.protocol}; WebRTC audio needs UDP/TLS/RTP/SAVPF (DTLS-SRTP)`);
  const direction = audio.direction ?? session.direction ?? 'sendrecv';
  if (direction !== 'sendrecv')
    throw invalid(`is ${direction}; the softphone must send and receive audio (sendrecv)`);
  if (!audio.rtcpMux) throw invalid('lacks a=rtcp-mux, which WebRTC requires');
  if (!(audio.iceUfrag ?? session.iceUfrag) || !(audio.icePwd ?? session.icePwd))
    throw invalid('lacks its ICE credentials (a=ice-ufrag, a=ice-pwd)');
  if (!(audio.fingerprint ?? session.fingerprint)) throw invalid('lacks the DTLS certificate fingerprint');

  const formats = formatsInOrder(audio);
  const chosen = formats.find(
    (f) => accepted.includes(f.codec.toUpperCase() as G711Codec) && isNarrowband(f),
  );
  if (!chosen)
    throw webrtcErrors.WebRtcNoCommonCodec(
      `the browser offered ${formats.map(describe).join(', ') || 'no codec'}; the softphone needs ` +
        `${accepted.join(' or ')} at 8 kHz`,
    );
  const events = formats.find((f) => f.codec.toLowerCase() === 'telephone-event' && f.rate === 8000);
  const keep = new Set([chosen.payload, ...(events ? [events.payload] : [])]);
  audio.payloads = [...keep].join(' ');
  audio.rtp = formats.filter((f) => keep.has(f.payload));
  audio.fmtp = audio.fmtp.filter((f) => keep.has(f.payload));
  if (audio.rtcpFb) audio.rtcpFb = audio.rtcpFb.filter((f) => keep.has(Number(f.payload)));
  audio.candidates = (audio.candidates ?? [])
    .filter((c) => c.transport.toLowerCase() === 'udp' && isIP(c.ip) !== 0 && c.component === 1)
    .slice(0, limits.maxCandidates);
  return {
    codec: chosen.codec.toUpperCase() as G711Codec,
    payloadType: chosen.payload,
    telephoneEventPayloadType: events?.payload ?? null,
    sdp: sdpTransform.write(session),
  };
}

/** The formats of the m= line in its order, static PCMU/PCMA named even without an rtpmap. */
function formatsInOrder(audio: MediaDescription): Rtp[] {
  const listed = String(audio.payloads ?? '')
    .split(' ')
    .filter(Boolean)
    .map(Number);
  if (listed.some((pt) => !Number.isInteger(pt) || pt < 0 || pt > 127))
    throw webrtcErrors.WebRtcOfferInvalid(`the WebRTC offer lists a payload type outside 0-127`);
  return listed.map((payload) => {
    const mapped = audio.rtp.find((r) => r.payload === payload);
    if (mapped) return mapped;
    const name = staticNames[payload];
    return name ? { payload, codec: name, rate: 8000 } : { payload, codec: '' };
  });
}

function isNarrowband(f: Rtp): boolean {
  return f.rate === 8000 && (f.encoding === undefined || Number(f.encoding) === 1);
}

function describe(f: Rtp): string {
  return f.codec ? `${f.codec}/${f.rate ?? '?'}` : `payload type ${f.payload}`;
}
