/**
 * The media plane of SIP calls: SDP offer/answer, RTP (symmetric, latched), G.711, RFC 4733 DTMF,
 * prompts (WAV files, espeak-ng TTS), recording and bridging. No SIP signalling: the SIP call channel
 * hands the offer in and sends the answer out. Start with createMediaEngine.
 */
export type { Bridgeable, BridgeStats, RelayStats } from './bridge.js';
export {
  type DigitCollectOptions,
  DigitCollector,
  type DigitCollectResult,
  type DigitSource,
} from './digit-collector.js';
export { type DigitEvent, type DtmfDigit, DtmfReceiver } from './dtmf.js';
export { type InfoDigit, parseDtmfInfo } from './dtmf-info.js';
export type { DtmfSendOptions } from './dtmf-sender.js';
export { mediaErrors } from './errors.js';
export type { FrameSchedulerStats } from './frame-scheduler.js';
export { decodeG711, encodeG711, type G711Codec, transcodeG711 } from './g711.js';
export { type MediaLogger, silentMediaLogger } from './logger.js';
export {
  createMediaEngine,
  type MediaBridge,
  type MediaEngine,
  type MediaEngineOptions,
  type MediaEngineStats,
} from './media-engine.js';
export type { MediaSession, MediaSessionStats, PlayOptions, PlayResult } from './media-session.js';
export { type NormalisedAudio, normaliseWav } from './normalise-wav.js';
export type { IdleAudio } from './player.js';
export type { PortPoolStats, PortRange } from './port-pool.js';
export { PromptAudio } from './prompt-audio.js';
export type { PromptSource } from './prompt-source.js';
export type { RecordChannels, RecordingEnd, RecordingResult, RecordOptions } from './recorder.js';
export type { LatchMode, LatchOptions, RtpEndpoint } from './rtp-latch.js';
export { decodeRtp, encodeRtp, type RtpHeader, type RtpPacket } from './rtp-packet.js';
export type { RtpSessionStats } from './rtp-session.js';
export { type AudioNegotiation, answerOffer, createOffer, type MediaDirection, readAnswer } from './sdp.js';
export { espeakVoiceFor } from './tts-voice.js';
