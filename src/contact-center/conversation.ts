/**
 * A caller talking with the party a transfer reached (an agent's phone or workbench, an external
 * number): the two legs' media are bridged (RTP relayed; G.711 laws converted when they differ),
 * optionally recorded in one stereo file (caller left, the other party right), until either side
 * hangs up or the party transfers the caller on. A party that can (the workbench) is given the
 * conversation's controls: hold (the caller hears music, nothing is relayed) and blind transfer.
 * At the end the party is hung up and released (the agent goes to after-call work); the caller is
 * hung up when the party ended the call, and goes on when it was transferred.
 */
import { join } from 'node:path';
import type { Clock } from '../shared/clock.js';
import { commonErrors } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { CallSignalling } from '../telephony/call/call-signalling.js';
import type { MediaBridge, MediaEngine } from '../telephony/media/media-engine.js';
import type { MediaSession } from '../telephony/media/media-session.js';
import type { RecordingResult } from '../telephony/media/recorder.js';
import type { CallParty, ConversationControl, TransferTarget } from './call-party.js';
import { type HoldMusic, startHoldMusic } from './hold-music.js';

export interface ConversationResult {
  endedBy: 'caller' | 'party' | 'transfer';
  /** Where the party transferred the caller (endedBy 'transfer'). */
  transfer: TransferTarget | undefined;
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
  /** Refuses a blind transfer that cannot work (throws a HotlineError naming why). */
  checkTransfer: (target: TransferTarget) => Promise<void>;
  logger: { warn(obj: unknown, msg?: string): void; info(obj: unknown, msg?: string): void };
}): Promise<ConversationResult> {
  const { caller, party, clock } = input;
  const transferred = new AbortController();
  let transfer: TransferTarget | undefined;
  const ended = AbortSignal.any([caller.signalling.hangupSignal, party.ended, transferred.signal]);
  let bridge: MediaBridge | undefined;
  let music: HoldMusic | undefined;
  // Hold and transfer requests run one at a time, in the order they came.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(step: () => Promise<T>): Promise<T> => {
    const next = queue.then(() => {
      if (ended.aborted) throw commonErrors.Conflict('the call has ended');
      return step();
    });
    queue = next.catch(() => undefined);
    return next;
  };
  const control: ConversationControl = {
    hold: (on) =>
      serially(async () => {
        if (on && !music) {
          bridge?.stop();
          bridge = undefined;
          music = startHoldMusic(caller.media);
        } else if (!on && music) {
          await music.stop();
          music = undefined;
          if (!ended.aborted) bridge = input.media.bridge(caller.media, party.media);
        }
      }),
    transfer: (target) =>
      serially(async () => {
        await input.checkTransfer(target);
        if (ended.aborted) throw commonErrors.Conflict('the call ended before it could be transferred');
        transfer = target;
        transferred.abort(new Error('the party transferred the caller'));
      }),
  };

  let recording: Promise<RecordingResult> | undefined;
  const recordingId = newId('rec');
  const file = input.record ? join(input.record.dir, `${input.callId}-${recordingId}.wav`) : undefined;
  if (!ended.aborted) {
    bridge = input.media.bridge(caller.media, party.media);
    party.attach?.(control);
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
  }
  await queue;
  bridge?.stop();
  await music?.stop();
  const endedBy = caller.signalling.hangupSignal.aborted ? 'caller' : transfer ? 'transfer' : 'party';
  const talkMs = Math.max(0, clock.now() - party.answeredAt);
  if (endedBy === 'party') {
    await party.hangUp('ended');
    await caller.signalling.hangup(`the ${party.kind === 'agent' ? 'agent' : 'called party'} hung up`);
  } else await party.hangUp(endedBy === 'caller' ? 'caller' : 'transferred');
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
  return { endedBy, transfer: endedBy === 'transfer' ? transfer : undefined, talkMs, recording: result };
}
