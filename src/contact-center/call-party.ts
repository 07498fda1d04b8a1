/**
 * The far side of a bridged call, whatever carries it: an agent's SIP phone or an external number
 * (a SIP dialog and an RTP session), or an agent's browser (the workbench's WebRTC leg). The
 * conversation bridges `media` with the caller's, ends when `ended` aborts or the caller hangs up,
 * and hangs the party up with the reason it ended.
 */
import type { Bridgeable } from '../telephony/media/bridge.js';
import type { MediaSession } from '../telephony/media/media-session.js';
import type { Dialog } from '../telephony/sip/dialog.js';
import type { IncomingInvite } from '../telephony/sip/server-request.js';

/** Where a blind transfer sends the caller (the workbench's transfer message). */
export type TransferTarget = { skillGroup: string } | { agent: string } | { number: string };

/** What a party may ask of the conversation it is in (the workbench's hold and transfer). */
export interface ConversationControl {
  /** The caller hears music on hold and nothing is relayed either way, or the bridge is back. */
  hold(on: boolean): Promise<void>;
  /**
   * Blind transfer: checks the target (throws a HotlineError naming what is wrong, and the call
   * goes on), then ends this party's part; the caller goes on to the target.
   */
  transfer(target: TransferTarget): Promise<void>;
}

/** Why the conversation hangs the party up: the caller left, the caller was transferred, or the party had ended. */
export type PartyHangUp = 'caller' | 'transferred' | 'ended';

/** One answered far leg. */
export interface PartyLeg {
  /** The party's audio, for the bridge. */
  readonly media: Bridgeable;
  /** Aborts when the party hangs up (BYE, the agent's hang-up, media lost). */
  readonly ended: AbortSignal;
  /** Ends the party's side and frees its media; safe to call more than once. */
  hangUp(why: PartyHangUp): Promise<void>;
  /** Given the conversation's controls once it starts (parties that can hold or transfer). */
  attach?(control: ConversationControl): void;
}

/** Who the caller was transferred to, and how that went: what the call bridges and records. */
export interface CallParty extends PartyLeg {
  kind: 'agent' | 'number';
  /** The agent's login name, or the number dialled. */
  name: string;
  skillGroup: string | undefined;
  answeredAt: number;
  queueMs: number | undefined;
  ringAttempts: number;
  /** Called once the conversation is over (ACW for an agent, the outbound count for a number). */
  release(): Promise<void>;
}

/** A leg with what the call records of it (its methods called through, never copied off a class). */
export function callParty(leg: PartyLeg, details: Omit<CallParty, keyof PartyLeg>): CallParty {
  const party: CallParty = {
    ...details,
    media: leg.media,
    ended: leg.ended,
    hangUp: (why) => leg.hangUp(why),
  };
  if (leg.attach) party.attach = (control) => leg.attach?.(control);
  return party;
}

/**
 * A SIP dialog and its media as a party: a BYE (or the dialog ending otherwise) ends it, a
 * re-INVITE (hold, new address: RFC 3261 §14) is answered from the media session, and hanging up
 * sends BYE and closes the media.
 */
export function sipParty(
  dialog: Dialog,
  media: MediaSession,
  logger: { info(obj: unknown, msg?: string): void },
): PartyLeg {
  const ended = new AbortController();
  dialog.on('terminated', () => ended.abort(new Error('the other party hung up')));
  if (dialog.state === 'terminated') ended.abort(new Error('the other party hung up'));
  dialog.on('reinvite', (reinvite) =>
    answerReinvite(reinvite, media, (err) => logger.info({ err }, "the other party's re-INVITE was refused")),
  );
  return {
    media,
    ended: ended.signal,
    async hangUp() {
      await dialog.terminate().catch(() => undefined);
      await media.close();
    },
  };
}

/**
 * Answers a re-INVITE (RFC 3261 §14.2: hold, unhold, a new address) from the call's media session;
 * an offer the media refuses is answered 488 and leaves the call as it was.
 */
export function answerReinvite(
  reinvite: IncomingInvite,
  media: MediaSession,
  refused: (err: unknown) => void,
): void {
  media
    .renegotiate(reinvite.message.body.toString('utf8'))
    .then(
      (answer) => reinvite.accept({ body: Buffer.from(answer), contentType: 'application/sdp' }),
      (err: unknown) => {
        refused(err);
        reinvite.respond(488, 'Not Acceptable Here');
      },
    )
    .catch(refused);
}
