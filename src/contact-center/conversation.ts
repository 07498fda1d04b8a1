/**
 * A caller talking with the party a transfer reached (an agent's phone, an external number): the
 * two calls' media are bridged (RTP relayed; G.711 laws converted when they differ), optionally
 * recorded in one stereo file (caller left, the other party right), until either side hangs up;
 * then the other side is hung up too, and the party released (the agent goes to after-call work).
 */
import { join } from 'node:path';
import type { Clock } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import type { CallSignalling } from '../telephony/call/call-signalling.js';
import type { MediaEngine } from '../telephony/media/media-engine.js';
import type { MediaSession } from '../telephony/media/media-session.js';
import type { RecordingResult } from '../telephony/media/recorder.js';
import type { CallParty } from './call-transfers.js';

export interface ConversationResult {
  endedBy: 'caller' | 'party';
  talkMs: number;
  recording: { id: string; kind: 'call'; file: string; durationMs: number; channels: 2 } | undefined;
}

export async function converse(input: {
  callId: string;
  caller: { media: MediaSession; signalling: CallSignalling };
  party: CallParty;
  media: MediaEngine;
  clock: Clock;
  record: { dir: string } | undefined;
  logger: { warn(obj: unknown, msg?: string): void; info(obj: unknown, msg?: string): void };
}): Promise<ConversationResult> {
  const { caller, party, clock } = input;
  const partyGone = new AbortController();
  const onPartyEnd = () => partyGone.abort(new Error('the other party hung up'));
  party.dialog.on('terminated', onPartyEnd);
  if (party.dialog.state === 'terminated') onPartyEnd();
  // The other party may put the call on hold or change media (§14).
  party.dialog.on('reinvite', (reinvite) => {
    try {
      const answer = party.media.renegotiate(reinvite.message.body.toString('utf8'));
      reinvite.accept({ body: Buffer.from(answer), contentType: 'application/sdp' });
    } catch {
      reinvite.respond(488, 'Not Acceptable Here');
    }
  });

  const ended = AbortSignal.any([caller.signalling.hangupSignal, partyGone.signal]);
  let recording: Promise<RecordingResult> | undefined;
  const recordingId = newId('rec');
  const file = input.record ? join(input.record.dir, `${input.callId}-${recordingId}.wav`) : undefined;
  try {
    if (!ended.aborted) {
      const bridge = input.media.bridge(caller.media, party.media);
      if (file)
        recording = caller.media.record({
          path: file,
          channels: 'both',
          maxDurationMs: 4 * 3600_000,
          signal: ended,
        });
      await new Promise<void>((resolve) => {
        if (ended.aborted) resolve();
        else ended.addEventListener('abort', () => resolve(), { once: true });
      });
      bridge.stop();
    }
  } finally {
    party.dialog.off('terminated', onPartyEnd);
  }
  const endedBy = caller.signalling.hangupSignal.aborted ? 'caller' : 'party';
  const talkMs = Math.max(0, clock.now() - party.answeredAt);
  if (endedBy === 'caller') await party.dialog.terminate().catch(() => undefined);
  else await caller.signalling.hangup(`the ${party.kind === 'agent' ? 'agent' : 'called party'} hung up`);
  await party.media.close();
  await party.release().catch((err: unknown) => input.logger.warn({ err }, 'releasing the agent failed'));
  let result: ConversationResult['recording'];
  if (recording && file) {
    try {
      const r = await recording;
      result = { id: recordingId, kind: 'call', file, durationMs: r.durationMs, channels: 2 };
    } catch (err) {
      input.logger.warn({ err, callId: input.callId }, 'the call recording failed');
    }
  }
  return { endedBy, talkMs, recording: result };
}
