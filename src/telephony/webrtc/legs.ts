/**
 * The browser softphones' media of a Hotline process: the UDP port range their legs share and the
 * legs alive. Nothing happens until create(); close() closes every leg.
 */
import { newId } from '../../shared/ids.js';
import { mediaErrors } from '../media/errors.js';
import { type PortPoolStats, RtpPortPool } from '../media/port-pool.js';
import { CallAudio, type WebRtcCallAudio } from './call-audio.js';
import { type WebRtcLeg, WebRtcPeerLeg } from './leg.js';
import { resolveWebRtcOptions, type WebRtcOptions } from './options.js';

export interface WebRtcLegsStats {
  legs: number;
  ports: PortPoolStats;
}

export interface WebRtcLegs<L extends WebRtcLeg = WebRtcLeg> {
  /** A new leg, waiting for the browser's offer (leg.answer(offer)). */
  create(): L;
  /** A call's audio, carried by `first` until use() hands it to another leg of these legs. */
  callAudio(first: L): WebRtcCallAudio;
  stats(): Promise<WebRtcLegsStats>;
  /** Closes every leg (reason 'closed'); create() throws afterwards. */
  close(): Promise<void>;
}

export function createWebRtcLegs(options: WebRtcOptions): WebRtcLegs<WebRtcPeerLeg> {
  const resolved = resolveWebRtcOptions(options);
  const ports = new RtpPortPool(resolved.portRange);
  const legs = new Set<WebRtcPeerLeg>();
  let closed = false;
  return {
    create() {
      if (closed) throw mediaErrors.MediaSessionClosed('the WebRTC legs are closed');
      const leg = new WebRtcPeerLeg({
        id: newId('webrtc'),
        options: resolved,
        ports,
        onClosed: (l) => legs.delete(l),
      });
      legs.add(leg);
      return leg;
    },
    callAudio(first) {
      if (!(first instanceof WebRtcPeerLeg)) throw new TypeError('not a WebRTC leg of these legs');
      return new CallAudio(first, resolved.clock);
    },
    stats: async () => ({ legs: legs.size, ports: ports.stats() }),
    async close() {
      closed = true;
      await Promise.allSettled([...legs].map((l) => l.close()));
    },
  };
}
