/**
 * The media plane of a Hotline process: RTP ports, one frame scheduler for every call, the prompt
 * caches and TTS, and the calls' media sessions. Built by createMediaEngine from its options; nothing
 * happens until it is asked, and close() frees every port and timer.
 */
import { join } from 'node:path';
import { type Clock, systemClock } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import { AudioLru, type AudioLruStats } from './audio-lru.js';
import { type Bridgeable, type BridgeLeg, type BridgeStats, isBridgeLeg, RtpBridge } from './bridge.js';
import { DiskAudioCache } from './disk-audio-cache.js';
import { mediaErrors } from './errors.js';
import { FrameScheduler, type FrameSchedulerStats } from './frame-scheduler.js';
import { type G711Codec, staticPayloadType } from './g711.js';
import { type MediaLogger, silentMediaLogger } from './logger.js';
import { CallMedia, type MediaSession } from './media-session.js';
import type { IdleAudio } from './player.js';
import { type PortPoolStats, type PortRange, RtpPortPool } from './port-pool.js';
import type { PromptAudio } from './prompt-audio.js';
import { type PromptCacheStats, PromptFileCache } from './prompt-cache.js';
import { PromptResolver, type PromptSource } from './prompt-source.js';
import type { LatchOptions } from './rtp-latch.js';
import { RtpSession } from './rtp-session.js';
import { bindRtpSocket } from './rtp-socket.js';
import {
  type AnswerOptions,
  type AudioNegotiation,
  answerOffer,
  createOffer,
  type LocalMediaAddress,
  type OfferOptions,
  SdpOrigin,
} from './sdp.js';
import { defaultSdpLimits, type SdpLimits } from './sdp-read.js';
import { EspeakTts, type TtsStats } from './tts.js';

export interface MediaEngineOptions {
  /** RTP ports (even ones are used; port + 1 is left to RTCP). */
  portRange: PortRange;
  /** The IPv4 address RTP sockets bind to. */
  bindHost: string;
  /** The address our SDP gives peers (default bindHost; required when bindHost is 0.0.0.0). */
  advertisedAddress?: string;
  /** Converted prompts and TTS audio are kept here (sub-folders prompts/ and tts/). */
  cacheDir: string;
  clock?: Clock;
  logger?: MediaLogger;
  /** Codecs we accept, in our order of preference for offers (default PCMU, PCMA). */
  codecs?: G711Codec[];
  /** What a call sends when nothing plays (default 'silence'; see player.ts). */
  idleAudio?: IdleAudio;
  /** Symmetric RTP (default strict, 3 packets; see rtp-latch.ts). */
  latch?: Partial<LatchOptions>;
  tts?: { command?: string; timeoutMs?: number; maxConcurrent?: number; maxTextLength?: number };
  /** Bound on prompt audio kept in memory (default 256 MiB). */
  promptMemoryBytes?: number;
  sdpLimits?: SdpLimits;
}

export interface MediaEngineStats {
  sessions: number;
  ports: PortPoolStats;
  scheduler: FrameSchedulerStats;
  prompts: PromptCacheStats & { memory: AudioLruStats };
  tts: TtsStats;
}

export interface MediaBridge {
  stop(): void;
  readonly active: boolean;
  stats(): Promise<BridgeStats>;
}

export interface MediaEngine {
  /** Answers an incoming call's offer: MediaNoCommonCodec / MediaSdpInvalid mean 488. */
  createSession(offerSdp: string): Promise<{ answerSdp: string; session: MediaSession }>;
  /** Media for a call we place: send offerSdp in the INVITE, then session.applyAnswer(answer). */
  createOffer(): Promise<{ offerSdp: string; session: MediaSession }>;
  /**
   * Relays audio and DTMF between two legs until stop() or either leg ends: calls of this engine, or
   * any other leg of the same media plane (a browser's WebRTC leg). MediaBusy when a leg is already
   * bridged (or both are the same), MediaSessionClosed when one has ended.
   */
  bridge(a: Bridgeable, b: Bridgeable): MediaBridge;
  /** Loads (and caches) a prompt ahead of time; its durationMs says how long it plays. */
  loadPrompt(source: PromptSource): Promise<PromptAudio>;
  stats(): Promise<MediaEngineStats>;
  /** Starts a new window for the scheduler's frame, lateness and jitter figures (e.g. per metrics scrape). */
  resetTimingStats(): void;
  /** Closes every session and stops the scheduler. */
  close(): Promise<void>;
}

export function createMediaEngine(options: MediaEngineOptions): MediaEngine {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentMediaLogger;
  const advertised = options.advertisedAddress ?? options.bindHost;
  if (advertised === '0.0.0.0')
    throw new RangeError('advertisedAddress is required when bindHost is 0.0.0.0');
  const codecs = options.codecs ?? ['PCMU', 'PCMA'];
  const limits = options.sdpLimits ?? defaultSdpLimits;
  const latch: LatchOptions = { mode: 'strict', probationPackets: 3, ...options.latch };
  const pool = new RtpPortPool(options.portRange);
  const scheduler = new FrameScheduler({ clock, logger });
  const memory = new AudioLru(options.promptMemoryBytes ?? 256 * 1024 * 1024);
  const files = new PromptFileCache(new DiskAudioCache(join(options.cacheDir, 'prompts'), logger), memory);
  const tts = new EspeakTts({
    disk: new DiskAudioCache(join(options.cacheDir, 'tts'), logger),
    memory,
    ...options.tts,
  });
  const prompts = new PromptResolver(files, tts);
  const sessions = new Set<CallMedia>();
  let closed = false;

  async function open(
    negotiate: (local: LocalMediaAddress, origin: SdpOrigin) => { sdp: string; audio: AudioNegotiation },
    offer: (local: LocalMediaAddress, origin: SdpOrigin) => OfferOptions | undefined,
  ): Promise<{ sdp: string; session: MediaSession }> {
    if (closed) throw mediaErrors.MediaSessionClosed('the media engine is closed');
    const { socket, port } = await bindRtpSocket(pool, options.bindHost);
    const local = { address: advertised, port };
    const origin = new SdpOrigin();
    let described: { sdp: string; audio: AudioNegotiation };
    try {
      if (closed) throw mediaErrors.MediaSessionClosed('the media engine closed while the call was set up');
      described = negotiate(local, origin);
    } catch (err) {
      await new Promise<void>((resolve) => socket.close(resolve));
      pool.release(port);
      throw err;
    }
    const answerOptions: AnswerOptions = { local, origin, codecs, limits };
    // RFC 4733 packets repeat their event's timestamp: they are left out of the jitter figure.
    const isTimed = (pt: number) => pt !== session.telephoneEventPayloadType;
    const rtp = new RtpSession({ socket, signalled: null, latch, clock, logger, isTimed });
    const session: CallMedia = new CallMedia({
      id: newId('media'),
      rtp,
      scheduler,
      clock,
      logger,
      negotiation: described.audio,
      answerOptions,
      offer: offer(local, origin),
      idle: options.idleAudio ?? 'silence',
      resolvePrompt: (s) => prompts.resolve(s),
      onClosed: () => {
        sessions.delete(session);
        pool.release(port);
      },
    });
    sessions.add(session);
    return { sdp: described.sdp, session };
  }

  return {
    async createSession(offerSdp) {
      // Refuse a bad offer before a port is taken.
      answerOffer(offerSdp, {
        local: { address: advertised, port: 9 },
        origin: new SdpOrigin(),
        codecs,
        limits,
      });
      const { sdp, session } = await open(
        (local, origin) => answerOffer(offerSdp, { local, origin, codecs, limits }),
        () => undefined,
      );
      return { answerSdp: sdp, session };
    },

    async createOffer() {
      const { sdp, session } = await open(
        (local, origin) => {
          const audio: AudioNegotiation = {
            codec: codecs[0] ?? 'PCMU',
            payloadType: staticPayloadType[codecs[0] ?? 'PCMU'],
            telephoneEvent: { payloadType: 101, events: '0-15' },
            remote: null,
            direction: 'sendrecv',
            ptimeMs: 20,
          };
          return { sdp: createOffer({ local, origin, codecs }), audio };
        },
        (local, origin) => ({ local, origin, codecs }),
      );
      return { offerSdp: sdp, session };
    },

    bridge(a, b) {
      const legA = ownLeg(a);
      const legB = ownLeg(b);
      if (legA === legB) throw mediaErrors.MediaBusy('a call cannot be bridged to itself');
      if (legA.closed || legB.closed) throw mediaErrors.MediaSessionClosed('a bridged call has ended');
      if (legA.bridged || legB.bridged) throw mediaErrors.MediaBusy('a call is already bridged');
      const bridge = new RtpBridge(legA, legB);
      return {
        stop: () => bridge.stop(),
        get active() {
          return bridge.active;
        },
        stats: async () => bridge.stats(),
      };
    },

    loadPrompt: (source) => prompts.resolve(source),

    async stats() {
      return {
        sessions: sessions.size,
        ports: pool.stats(),
        scheduler: scheduler.stats(),
        prompts: { ...files.stats(), memory: memory.stats() },
        tts: tts.stats(),
      };
    },

    resetTimingStats: () => scheduler.resetStats(),

    async close() {
      closed = true;
      await Promise.allSettled([...sessions].map((s) => s.close()));
      scheduler.close();
    },
  };

  /**
   * A leg this thread can relay; a call's media must be one of this engine's sessions (its frames
   * run on this scheduler).
   */
  function ownLeg(leg: Bridgeable): BridgeLeg {
    if (!isBridgeLeg(leg)) throw new TypeError('not a leg of this media plane');
    if (leg instanceof CallMedia && !sessions.has(leg))
      throw new TypeError('not a media session of this engine');
    return leg;
  }
}
