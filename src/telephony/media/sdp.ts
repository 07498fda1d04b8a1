/**
 * SDP offer/answer for one G.711 audio stream (RFC 3264), with RFC 4733 telephone-event.
 * - answerOffer: the offerer's order of preference decides between PCMU and PCMA (§6.1); the
 *   telephone-event payload type is the one offered; every other m= line is refused with port 0 (§6);
 *   the direction mirrors the offer's (§6.1), and c=0.0.0.0 counts as "do not send to me" (§8.4).
 * - createOffer / readAnswer: the same for calls we place.
 * An offer with nothing usable throws MediaNoCommonCodec (answer 488, RFC 3261 §21.4.26); one that
 * cannot be read throws MediaSdpInvalid.
 */
import { randomInt } from 'node:crypto';
import sdpTransform from 'sdp-transform';
import { mediaErrors } from './errors.js';
import { frameMs, type G711Codec, staticPayloadType } from './g711.js';
import type { RtpEndpoint } from './rtp-latch.js';
import {
  defaultSdpLimits,
  type MediaDirection,
  readSdp,
  type SdpFormat,
  type SdpLimits,
  type SdpMediaSection,
} from './sdp-read.js';

export type { MediaDirection, SdpLimits } from './sdp-read.js';

/** The DTMF events we can receive and send (RFC 4733 §3.2: 0–9, *, #, A–D). */
const dtmfEvents = '0-15';
const defaultTelephoneEventPayloadType = 101;

export interface TelephoneEventFormat {
  payloadType: number;
  /** The events the peer listed in a=fmtp (RFC 4733 §7.1.1); "0-15" when it listed none. */
  events: string;
}

/** What the two sides agreed for the audio stream. */
export interface AudioNegotiation {
  codec: G711Codec;
  payloadType: number;
  telephoneEvent: TelephoneEventFormat | null;
  /** Where the peer receives RTP; null when it gave 0.0.0.0 (hold). */
  remote: RtpEndpoint | null;
  /** Our direction, as our SDP states it. */
  direction: MediaDirection;
  /** We always send 20 ms packets (RFC 3551 §4.5 default for G.711). */
  ptimeMs: number;
}

/** Where we receive RTP. */
export interface LocalMediaAddress {
  address: string;
  port: number;
}

/** The o= line of one side (RFC 4566 §5.2): the version goes up with every description (RFC 3264 §8). */
export class SdpOrigin {
  readonly sessionId = String(randomInt(1, 2 ** 47));
  private version = 0;

  next(): { sessionId: string; version: number } {
    this.version++;
    return { sessionId: this.sessionId, version: this.version };
  }
}

export interface AnswerOptions {
  local: LocalMediaAddress;
  origin: SdpOrigin;
  /** The codecs we accept (default both). */
  codecs?: readonly G711Codec[];
  /** In a re-INVITE, stay with the codec in use when the new offer still has it. */
  keepCodec?: G711Codec;
  limits?: SdpLimits;
}

export interface Answer {
  sdp: string;
  audio: AudioNegotiation;
}

/** Answers an offer (RFC 3264 §6); throws MediaNoCommonCodec or MediaSdpInvalid. */
export function answerOffer(offer: string, options: AnswerOptions): Answer {
  const session = readSdp(offer, options.limits ?? defaultSdpLimits);
  const accepted = options.codecs ?? ['PCMU', 'PCMA'];
  let chosen: { index: number; format: SdpFormat } | undefined;
  session.sections.forEach((section, index) => {
    if (chosen || !usableAudio(section)) return;
    const format = pickCodec(section.formats, accepted, options.keepCodec);
    if (format) chosen = { index, format };
  });
  if (!chosen)
    throw mediaErrors.MediaNoCommonCodec(
      'the offer has no RTP/AVP audio stream with PCMU or PCMA at 8 kHz (answer 488 Not Acceptable Here)',
      { details: { sipStatus: 488 } },
    );
  const section = session.sections[chosen.index]!;
  const telephoneEvent = pickTelephoneEvent(section.formats);
  const remoteReceives = section.address !== null;
  const audio: AudioNegotiation = {
    codec: chosen.format.encoding as G711Codec,
    payloadType: chosen.format.payloadType,
    telephoneEvent,
    remote: remoteReceives ? { address: section.address!, port: section.port } : null,
    direction: answerDirection(section.direction, remoteReceives),
    ptimeMs: frameMs,
  };
  const media = session.sections.map((s, i) =>
    i === chosen!.index ? audioMedia(options.local.port, audio) : refusedMedia(s),
  );
  return { sdp: writeSdp(options.local, options.origin, media), audio };
}

export interface OfferOptions {
  local: LocalMediaAddress;
  origin: SdpOrigin;
  /** In order of our preference (default PCMU, PCMA). */
  codecs?: readonly G711Codec[];
  telephoneEventPayloadType?: number;
  direction?: MediaDirection;
}

/** An offer for a call we place (RFC 3264 §5). */
export function createOffer(options: OfferOptions): string {
  const codecs = options.codecs ?? ['PCMU', 'PCMA'];
  const te = options.telephoneEventPayloadType ?? defaultTelephoneEventPayloadType;
  const payloads = [...codecs.map((c) => staticPayloadType[c]), te];
  const media: sdpTransform.MediaDescription = {
    type: 'audio',
    port: options.local.port,
    protocol: 'RTP/AVP',
    payloads: payloads.join(' '),
    rtp: [
      ...codecs.map((c) => ({ payload: staticPayloadType[c], codec: c, rate: 8000 })),
      { payload: te, codec: 'telephone-event', rate: 8000 },
    ],
    fmtp: [{ payload: te, config: dtmfEvents }],
    ptime: frameMs,
    direction: options.direction ?? 'sendrecv',
  };
  return writeSdp(options.local, options.origin, [media]);
}

/** Reads the answer to an offer made by createOffer (RFC 3264 §7). */
export function readAnswer(
  answer: string,
  offered: OfferOptions,
  limits = defaultSdpLimits,
): AudioNegotiation {
  const section = readSdp(answer, limits).sections[0];
  const codecs = offered.codecs ?? ['PCMU', 'PCMA'];
  const format = section && usableAudio(section) ? pickCodec(section.formats, codecs, undefined) : undefined;
  if (!section || !format)
    throw mediaErrors.MediaNoCommonCodec('the answer accepts none of the codecs we offered', {
      details: { sipStatus: 488 },
    });
  const remoteReceives = section.address !== null;
  return {
    codec: format.encoding as G711Codec,
    payloadType: format.payloadType,
    telephoneEvent: pickTelephoneEvent(section.formats),
    remote: remoteReceives ? { address: section.address!, port: section.port } : null,
    // The answer's direction is the peer's; ours is its mirror (§6.1).
    direction: answerDirection(section.direction, remoteReceives),
    ptimeMs: frameMs,
  };
}

/** Whether our side may send in this direction. */
export function directionSends(direction: MediaDirection): boolean {
  return direction === 'sendrecv' || direction === 'sendonly';
}

function usableAudio(section: SdpMediaSection): boolean {
  return section.kind === 'audio' && section.port !== 0 && section.protocol === 'RTP/AVP';
}

function isG711(f: SdpFormat, codec: G711Codec): boolean {
  return f.encoding === codec && f.clockRate === 8000 && f.channels === 1;
}

function pickCodec(
  formats: SdpFormat[],
  accepted: readonly G711Codec[],
  keep: G711Codec | undefined,
): SdpFormat | undefined {
  const kept = keep && accepted.includes(keep) ? formats.find((f) => isG711(f, keep)) : undefined;
  return kept ?? formats.find((f) => accepted.some((c) => isG711(f, c)));
}

function pickTelephoneEvent(formats: SdpFormat[]): TelephoneEventFormat | null {
  const f = formats.find((x) => x.encoding === 'TELEPHONE-EVENT' && x.clockRate === 8000);
  return f ? { payloadType: f.payloadType, events: f.fmtp?.trim() || dtmfEvents } : null;
}

/** RFC 3264 §6.1, with c=0.0.0.0 read as the offerer not receiving (§8.4, RFC 2543 hold). */
function answerDirection(offered: MediaDirection, offererReceives: boolean): MediaDirection {
  const offererSends = offered === 'sendrecv' || offered === 'sendonly';
  const weSend = offererReceives && (offered === 'sendrecv' || offered === 'recvonly');
  if (weSend && offererSends) return 'sendrecv';
  if (weSend) return 'sendonly';
  return offererSends ? 'recvonly' : 'inactive';
}

function audioMedia(port: number, audio: AudioNegotiation): sdpTransform.MediaDescription {
  const rtp: { payload: number; codec: string; rate: number }[] = [
    { payload: audio.payloadType, codec: audio.codec, rate: 8000 },
  ];
  const fmtp: { payload: number; config: string }[] = [];
  const te = audio.telephoneEvent;
  if (te) {
    rtp.push({ payload: te.payloadType, codec: 'telephone-event', rate: 8000 });
    fmtp.push({ payload: te.payloadType, config: dtmfEvents });
  }
  return {
    type: 'audio',
    port,
    protocol: 'RTP/AVP',
    payloads: rtp.map((r) => r.payload).join(' '),
    rtp,
    fmtp,
    ptime: audio.ptimeMs,
    direction: audio.direction,
  };
}

function refusedMedia(section: SdpMediaSection): sdpTransform.MediaDescription {
  return {
    type: section.kind,
    port: 0,
    protocol: section.protocol,
    payloads: section.formatList,
    rtp: [],
    fmtp: [],
  };
}

function writeSdp(
  local: LocalMediaAddress,
  origin: SdpOrigin,
  media: sdpTransform.MediaDescription[],
): string {
  const { sessionId, version } = origin.next();
  return sdpTransform.write({
    version: 0,
    origin: {
      username: '-',
      sessionId,
      sessionVersion: version,
      netType: 'IN',
      ipVer: 4,
      address: local.address,
    },
    name: 'Hotline',
    connection: { version: 4, ip: local.address },
    timing: { start: 0, stop: 0 },
    media,
  });
}
