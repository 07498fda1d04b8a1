/**
 * The media worker's side: one media engine and one set of WebRTC legs (the in-process ones,
 * unchanged), every call's media, leg, call audio and bridge known by id, and the requests of the
 * main thread carried out on them. Bridges are made here, between objects of this thread, so no
 * packet ever crosses to the main thread.
 */
import type { MessagePort } from 'node:worker_threads';
import { type Bridgeable, type BridgeLeg, isBridgeLeg } from '../media/bridge.js';
import { mediaErrors } from '../media/errors.js';
import { createMediaEngine, type MediaBridge } from '../media/media-engine.js';
import type { MediaSession } from '../media/media-session.js';
import { PromptAudio } from '../media/prompt-audio.js';
import type { PromptSource } from '../media/prompt-source.js';
import type { WebRtcCallAudio } from '../webrtc/call-audio.js';
import type { WebRtcPeerLeg } from '../webrtc/leg.js';
import { createWebRtcLegs } from '../webrtc/legs.js';
import {
  type FromMediaWorker,
  type MediaOps,
  type MediaRequest,
  type MediaWorkerOptions,
  type SessionOpened,
  type ToMediaWorker,
  toSharedTime,
  toWireError,
  type WirePrompt,
} from './protocol.js';
import { workerLogger } from './worker-logger.js';

type Handlers = {
  [K in keyof MediaOps]: (args: MediaOps[K]['args'], signal: AbortSignal | undefined) => unknown;
};

interface HostedBridge {
  bridge: MediaBridge;
  forget: () => void;
}

export function serveMediaPlane(port: MessagePort, options: MediaWorkerOptions): void {
  const post = (message: FromMediaWorker) => port.postMessage(message);
  const logger = workerLogger(post, options.debug);
  const engine = createMediaEngine({ ...options.engine, logger });
  const legs = createWebRtcLegs({ ...options.webrtc, logger });
  const sessions = new Map<string, MediaSession>();
  const peerLegs = new Map<string, WebRtcPeerLeg>();
  const audios = new Map<string, WebRtcCallAudio>();
  const bridges = new Map<string, HostedBridge>();
  const prompts = new Map<string, PromptAudio>();
  /** Sessions the main thread asked to close (it needs no event for them). */
  const closing = new Set<string>();
  const cancels = new Map<number, AbortController>();

  const session = (id: string): MediaSession => {
    const s = sessions.get(id);
    if (!s) throw mediaErrors.MediaSessionClosed(`call media ${id} is closed`);
    return s;
  };
  const peerLeg = (id: string): WebRtcPeerLeg => {
    const l = peerLegs.get(id);
    if (!l) throw mediaErrors.MediaSessionClosed(`WebRTC leg ${id} is closed`);
    return l;
  };
  const bridgeable = (id: string): BridgeLeg => {
    const leg: Bridgeable | undefined = sessions.get(id) ?? peerLegs.get(id) ?? audios.get(id);
    if (!leg || !isBridgeLeg(leg)) throw mediaErrors.MediaSessionClosed(`a bridged call has ended (${id})`);
    return leg;
  };
  const source = (p: WirePrompt): PromptSource => {
    if (p.kind !== 'audio') return p;
    if (p.samples) prompts.set(p.id, new PromptAudio(p.samples));
    const audio = prompts.get(p.id);
    if (!audio)
      throw mediaErrors.MediaPromptUnreadable(`prompt audio ${p.id} was never sent to the media worker`);
    return { kind: 'audio', audio };
  };

  const opened = (s: MediaSession, sdp: string): SessionOpened => {
    sessions.set(s.id, s);
    s.onDigit((d) =>
      post({
        event: 'digit',
        session: s.id,
        digit: { digit: d.digit, at: d.at, via: d.via, sharedMs: toSharedTime(d.monotonicMs) },
      }),
    );
    if (isBridgeLeg(s))
      s.whenClosed(() => {
        if (closing.has(s.id)) return;
        sessions.delete(s.id);
        void s.stats().then((stats) => post({ event: 'sessionClosed', session: s.id, stats }));
      });
    return { id: s.id, sdp, localPort: s.localPort, negotiation: s.negotiation };
  };

  /** Forgets a bridge and stops it (at once if it is still relaying); the bridge, if it was known. */
  const endBridge = (id: string): MediaBridge | undefined => {
    const hosted = bridges.get(id);
    if (!hosted) return undefined;
    bridges.delete(id);
    hosted.forget();
    hosted.bridge.stop();
    return hosted.bridge;
  };

  const handlers: Handlers = {
    createSession: async ({ offerSdp }) => {
      const { session: s, answerSdp } = await engine.createSession(offerSdp);
      return opened(s, answerSdp);
    },
    createOffer: async () => {
      const { session: s, offerSdp } = await engine.createOffer();
      return opened(s, offerSdp);
    },
    loadPrompt: async ({ source: p }) => ({ samples: (await engine.loadPrompt(source(p))).samples }),
    engineStats: () => engine.stats(),
    resetTimingStats: () => engine.resetTimingStats(),
    closeEngine: () => engine.close(),
    play: ({ session: id, prompts: p, stopOnDigit }, signal) =>
      session(id).play(p.map(source), signal ? { stopOnDigit, signal } : { stopOnDigit }),
    stopPlayback: ({ session: id }) => session(id).stopPlayback(),
    reportInfoDigit: ({ session: id, digit }) => session(id).reportInfoDigit(digit),
    sendDigits: ({ session: id, digits, options: o }) => session(id).sendDigits(digits, o),
    record: ({ session: id, options: o }, signal) => session(id).record(signal ? { ...o, signal } : o),
    renegotiate: async ({ session: id, offerSdp }) => {
      const s = session(id);
      const sdp = await s.renegotiate(offerSdp);
      return { sdp, negotiation: s.negotiation };
    },
    applyAnswer: async ({ session: id, answerSdp }) => {
      const s = session(id);
      await s.applyAnswer(answerSdp);
      return { negotiation: s.negotiation };
    },
    sessionStats: ({ session: id }) => session(id).stats(),
    closeSession: async ({ session: id }) => {
      const s = session(id);
      closing.add(id);
      try {
        await s.close();
      } finally {
        sessions.delete(id);
        closing.delete(id);
      }
      return s.stats();
    },
    bridge: ({ bridge: id, a, b }) => {
      let pair: [BridgeLeg, BridgeLeg];
      let bridge: MediaBridge;
      try {
        pair = [bridgeable(a), bridgeable(b)];
        bridge = engine.bridge(pair[0], pair[1]);
      } catch (err) {
        // A leg ended before the request came: the main thread learns the bridge is over.
        logger.debug({ err, bridge: id }, 'a bridge could not start');
        post({ event: 'bridgeEnded', bridge: id, stats: undefined });
        return;
      }
      // A leg's call ended: the bridge stopped itself; the main thread learns it with the figures.
      const ended = () => {
        void endBridge(id)
          ?.stats()
          .then((stats) => post({ event: 'bridgeEnded', bridge: id, stats }));
      };
      const forget = pair.map((leg) => leg.whenClosed(ended));
      bridges.set(id, {
        bridge,
        forget: () => {
          for (const f of forget) f();
        },
      });
    },
    stopBridge: async ({ bridge: id }) =>
      (await endBridge(id)?.stats()) ?? { aToB: emptyRelay(), bToA: emptyRelay() },
    bridgeStats: ({ bridge: id }) => {
      const hosted = bridges.get(id);
      if (!hosted) throw mediaErrors.MediaSessionClosed(`bridge ${id} has ended`);
      return hosted.bridge.stats();
    },
    createLeg: ({ leg: id }) => {
      const leg = legs.create();
      peerLegs.set(id, leg);
      leg.onConnected(() => post({ event: 'legConnected', leg: id }));
      leg.onClosed((reason) => {
        peerLegs.delete(id);
        post({ event: 'legClosed', leg: id, reason, stats: leg.snapshot() });
      });
    },
    answerLeg: async ({ leg: id, offerSdp }) => ({ sdp: await peerLeg(id).answer(offerSdp) }),
    closeLeg: ({ leg: id, reason }) => peerLegs.get(id)?.close(reason),
    legStats: ({ leg: id }) => peerLeg(id).stats(),
    legsStats: () => legs.stats(),
    closeLegs: () => legs.close(),
    createCallAudio: ({ audio: id, leg }) => {
      audios.set(id, legs.callAudio(peerLeg(leg)));
    },
    useLeg: ({ audio: id, leg }) => {
      const audio = audios.get(id);
      if (!audio) throw mediaErrors.MediaSessionClosed('the workbench call has ended');
      audio.use(peerLeg(leg));
    },
    closeCallAudio: async ({ audio: id }) => {
      const audio = audios.get(id);
      audios.delete(id);
      await audio?.close();
    },
    forgetAudio: ({ id }) => {
      prompts.delete(id);
    },
  };

  async function run(request: MediaRequest): Promise<void> {
    const cancel = request.cancellable ? new AbortController() : undefined;
    if (cancel) cancels.set(request.id, cancel);
    try {
      const handler = handlers[request.op] as (args: unknown, signal: AbortSignal | undefined) => unknown;
      const value = await handler(request.args, cancel?.signal);
      if (request.id !== 0) post({ id: request.id, ok: true, value });
    } catch (err) {
      if (request.id !== 0) post({ id: request.id, ok: false, error: toWireError(err) });
      else logger.warn({ err, op: request.op }, 'a media request failed');
    } finally {
      if (cancel) cancels.delete(request.id);
    }
  }

  port.on('message', (message: ToMediaWorker) => {
    if ('cancel' in message) cancels.get(message.cancel)?.abort(new Error('cancelled by the main thread'));
    else void run(message);
  });
}

function emptyRelay() {
  return { relayed: 0, transcoded: 0, events: 0, dropped: 0 };
}
