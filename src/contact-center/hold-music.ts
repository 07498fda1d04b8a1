import { HOLD_MUSIC } from '../telephony/call/sip-call-channel.js';
import type { MediaSession } from '../telephony/media/media-session.js';

export interface HoldMusic {
  /** Stops the music; resolves once nothing plays any more. */
  stop(): Promise<void>;
}

/** The caller hears music on hold (HOLD_MUSIC, looped) until stop() or the call's media closes. */
export function startHoldMusic(media: MediaSession): HoldMusic {
  const stopped = new AbortController();
  const loop = (async () => {
    while (!stopped.signal.aborted && !media.closed) await media.play(HOLD_MUSIC, { signal: stopped.signal });
    // Stopping rejects the play in progress, as does the call's media closing: the music is over.
  })().catch(() => undefined);
  return {
    async stop() {
      stopped.abort(new Error('hold ended'));
      await loop;
    },
  };
}
