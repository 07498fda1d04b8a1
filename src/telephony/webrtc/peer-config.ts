/**
 * The werift configuration of one leg: the chosen codec only (so werift sends it and nothing else),
 * one ICE host candidate at the advertised address on the leg's own port pair, no STUN or TURN
 * (werift's default asks a public STUN server), IPv4 only.
 */
import { type RTCPeerConnectionConfig, RTCRtpCodecParameters } from 'werift';
import type { OfferChoice } from './offer.js';
import type { ResolvedWebRtcOptions } from './options.js';

export function peerConfig(
  options: Pick<ResolvedWebRtcOptions, 'bindHost' | 'advertisedAddress'>,
  choice: Pick<OfferChoice, 'codec' | 'payloadType' | 'telephoneEventPayloadType'>,
  port: number,
): RTCPeerConnectionConfig {
  const audio = [
    new RTCRtpCodecParameters({
      mimeType: `audio/${choice.codec}`,
      clockRate: 8000,
      channels: 1,
      payloadType: choice.payloadType,
    }),
  ];
  if (choice.telephoneEventPayloadType !== null)
    audio.push(
      new RTCRtpCodecParameters({
        mimeType: 'audio/telephone-event',
        clockRate: 8000,
        payloadType: choice.telephoneEventPayloadType,
      }),
    );
  return {
    codecs: { audio, video: [] },
    headerExtensions: { audio: [], video: [] },
    iceServers: [],
    // No interface is gathered (both false); the one host candidate is the advertised address.
    iceUseIpv4: false,
    iceUseIpv6: false,
    iceAdditionalHostAddresses: [options.advertisedAddress],
    iceInterfaceAddresses: { udp4: options.bindHost },
    // werift wants min < max: the pool's odd neighbour (kept free for RTCP by the pool) completes it.
    icePortRange: [port, port + 1],
  };
}
