/**
 * The media plane on a thread of its own: one worker owns every RTP socket, the frame scheduler,
 * prompts and TTS, and the browsers' WebRTC legs; the main thread gets a MediaEngine and
 * WebRtcLegs that ask it. The thread starts with the first request; close() closes every call's
 * media and leg, then ends the thread.
 */
import { newId } from '../../shared/ids.js';
import type { Bridgeable } from '../media/bridge.js';
import { mediaErrors } from '../media/errors.js';
import type { MediaLogger } from '../media/logger.js';
import type { MediaEngine } from '../media/media-engine.js';
import type { WebRtcLegs } from '../webrtc/legs.js';
import { RemoteBridge } from './bridge-proxy.js';
import { MediaWorkerConnection } from './connection.js';
import { RemoteCallAudio, RemoteWebRtcLeg } from './leg-proxy.js';
import type { MediaWorkerOptions, SessionOpened } from './protocol.js';
import type { RemoteLeg } from './remote-leg.js';
import { RemoteMediaSession } from './session-proxy.js';

export interface MediaWorker {
  engine: MediaEngine;
  legs: WebRtcLegs;
  /** Whether the worker thread is running (it starts with the first request). */
  readonly running: boolean;
  close(): Promise<void>;
}

/** A logger the main thread writes the worker's lines with (pino's isLevelEnabled, when it has one). */
export type MainLogger = MediaLogger & { isLevelEnabled?(level: string): boolean };

export function startMediaWorker(
  options: Omit<MediaWorkerOptions, 'debug'>,
  logger: MainLogger,
): MediaWorker {
  const sessions = new Map<string, RemoteMediaSession>();
  const legs = new Map<string, RemoteWebRtcLeg>();
  const audios = new Map<string, RemoteCallAudio>();
  const bridges = new Map<string, RemoteBridge>();
  let engineClosed = false;
  let legsClosed = false;
  let nextBridge = 1;

  const connection = new MediaWorkerConnection(
    { ...options, debug: logger.isLevelEnabled?.('debug') ?? false },
    logger,
    {
      digit: (e) => sessions.get(e.session)?.digit(e.digit),
      sessionClosed: (e) => sessions.get(e.session)?.closedBy(e.stats),
      legConnected: (e) => legs.get(e.leg)?.connected(),
      legClosed: (e) => legs.get(e.leg)?.closedBy(e.reason, e.stats),
      bridgeEnded: (e) => bridges.get(e.bridge)?.endedBy(e.stats),
      log: (e) => logger[e.level]({ ...e.fields, thread: 'media' }, e.message),
    },
    () => {
      for (const b of [...bridges.values()]) b.endedBy(undefined);
      for (const s of [...sessions.values()]) s.lost();
      for (const l of [...legs.values()]) l.closedBy('failed', undefined);
    },
  );

  const session = (opened: SessionOpened) => {
    const s = new RemoteMediaSession(connection, opened, (gone) => sessions.delete(gone.id));
    sessions.set(s.id, s);
    return s;
  };
  const own = (leg: Bridgeable): RemoteLeg => {
    const remote = leg as Partial<RemoteLeg>;
    const id = remote.id ?? '';
    const known = sessions.get(id) ?? legs.get(id) ?? audios.get(id);
    if (known === leg) return known;
    // A closed leg has left the maps; it still answers as the in-process engine does.
    if (leg instanceof RemoteMediaSession || leg instanceof RemoteWebRtcLeg || leg instanceof RemoteCallAudio)
      return leg;
    throw new TypeError('not a leg of this media plane');
  };

  const engine: MediaEngine = {
    async createSession(offerSdp) {
      if (engineClosed) throw mediaErrors.MediaSessionClosed('the media engine is closed');
      const opened = await connection.call('createSession', { offerSdp });
      return { answerSdp: opened.sdp, session: session(opened) };
    },
    async createOffer() {
      if (engineClosed) throw mediaErrors.MediaSessionClosed('the media engine is closed');
      const opened = await connection.call('createOffer', {});
      return { offerSdp: opened.sdp, session: session(opened) };
    },
    bridge(a, b) {
      connection.assertUsable();
      const legA = own(a);
      const legB = own(b);
      if (legA === legB) throw mediaErrors.MediaBusy('a call cannot be bridged to itself');
      if (legA.closed || legB.closed) throw mediaErrors.MediaSessionClosed('a bridged call has ended');
      if (legA.bridged || legB.bridged) throw mediaErrors.MediaBusy('a call is already bridged');
      const bridge = new RemoteBridge(`bridge-${nextBridge++}`, [legA, legB], connection, (gone) =>
        bridges.delete(gone.id),
      );
      bridges.set(bridge.id, bridge);
      return bridge;
    },
    async loadPrompt(source) {
      const { samples } = await connection.call('loadPrompt', { source: connection.wirePrompt(source) });
      return MediaWorkerConnection.audioOf(samples);
    },
    stats: () => connection.call('engineStats', {}),
    resetTimingStats: () => connection.send('resetTimingStats', {}),
    async close() {
      engineClosed = true;
      if (connection.running) await connection.call('closeEngine', {});
      for (const s of [...sessions.values()]) await s.close();
    },
  };

  const webrtc: WebRtcLegs = {
    create() {
      if (legsClosed) throw mediaErrors.MediaSessionClosed('the WebRTC legs are closed');
      const leg = new RemoteWebRtcLeg(newId('webrtc'), connection);
      legs.set(leg.id, leg);
      leg.onClosed(() => legs.delete(leg.id));
      connection.send('createLeg', { leg: leg.id });
      return leg;
    },
    callAudio(first) {
      if (!(first instanceof RemoteWebRtcLeg)) throw new TypeError('not a WebRTC leg of these legs');
      const audio = new RemoteCallAudio(newId('audio'), first, connection, (gone) => audios.delete(gone.id));
      audios.set(audio.id, audio);
      connection.send('createCallAudio', { audio: audio.id, leg: first.id });
      return audio;
    },
    stats: () => connection.call('legsStats', {}),
    async close() {
      legsClosed = true;
      if (connection.running) await connection.call('closeLegs', {});
      for (const leg of [...legs.values()]) await leg.close();
    },
  };

  return {
    engine,
    legs: webrtc,
    get running() {
      return connection.running;
    },
    async close() {
      await Promise.allSettled([engine.close(), webrtc.close()]);
      await connection.stop();
    },
  };
}
