import type { OfferOutcome } from './types.js';

/** Why the ACD ended an offer before the agent's side settled it. */
export type OfferEndReason = Exclude<OfferOutcome, 'answered'> | 'agentLeft' | 'callerHungUp';

/**
 * The reason of an offer's aborted signal: the ring timeout passed ('noAnswer'), the agent went not
 * ready or offline while ringing ('agentLeft'), or the caller hung up ('callerHungUp'). An offerer
 * reads `why` to tell the agent what happened (never the message).
 */
export class OfferEnded extends Error {
  constructor(readonly why: OfferEndReason) {
    super(`offer ended: ${why}`);
    this.name = 'OfferEnded';
  }
}
