/**
 * The browser softphone's media: a WebRTC leg (werift, DTLS-SRTP, G.711 without transcoding) per
 * agent call, which the media plane bridges to the caller like any other leg. Start with
 * createWebRtcLegs.
 */
export type { WebRtcCallAudio } from './call-audio.js';
export { webrtcErrors } from './errors.js';
export type { WebRtcCloseReason, WebRtcLeg, WebRtcLegState, WebRtcLegStats, WebRtcPeerLeg } from './leg.js';
export { createWebRtcLegs, type WebRtcLegs, type WebRtcLegsStats } from './legs.js';
export type { WebRtcOptions } from './options.js';
