/**
 * The media plane of the composition root: the media engine (RTP, prompts, bridges) and the
 * workbench's WebRTC legs, on a worker thread of their own (media.thread 'worker') or on the main
 * event loop ('main'). Both are built here, together, because bridges between a SIP call and a
 * browser's leg are made inside the plane that owns both.
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import { type Clock, systemClock } from './shared/clock.js';
import { createMediaEngine, type MediaEngine } from './telephony/media/media-engine.js';
import { startMediaWorker } from './telephony/media-worker/media-worker.js';
import { createWebRtcLegs, type WebRtcLegs } from './telephony/webrtc/index.js';

export interface MediaPlane {
  engine: MediaEngine;
  legs: WebRtcLegs;
  thread: 'worker' | 'main';
  /** Closes every call's media and leg (and ends the worker thread). */
  close(): Promise<void>;
}

export function startMediaPlane(deps: { config: Config; clock: Clock; logger: Logger }): MediaPlane {
  const { config, clock, logger } = deps;
  const engine = {
    portRange: { min: config.media.rtpPortMin, max: config.media.rtpPortMax },
    bindHost: config.media.bindHost,
    ...(config.sip.advertisedHost ? { advertisedAddress: config.sip.advertisedHost } : {}),
    cacheDir: join(config.dataDir, 'media-cache'),
  };
  const webrtc = {
    portRange: { min: config.webrtc.portMin, max: config.webrtc.portMax },
    bindHost: config.webrtc.bindHost,
    ...(config.webrtc.advertisedAddress ? { advertisedAddress: config.webrtc.advertisedAddress } : {}),
  };
  // The worker keeps time by the system clock: a process run on another clock keeps its media here.
  if (config.media.thread === 'worker' && clock === systemClock) {
    const worker = startMediaWorker({ engine, webrtc }, logger.child({ part: 'media' }));
    return { engine: worker.engine, legs: worker.legs, thread: 'worker', close: () => worker.close() };
  }
  const media = createMediaEngine({ ...engine, clock, logger: logger.child({ part: 'media' }) });
  const legs = createWebRtcLegs({ ...webrtc, clock, logger: logger.child({ part: 'webrtc' }) });
  return {
    engine: media,
    legs,
    thread: 'main',
    async close() {
      await Promise.allSettled([media.close(), legs.close()]);
    },
  };
}
