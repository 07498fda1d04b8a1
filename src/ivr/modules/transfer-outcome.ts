/** Maps what the channel says about a transfer to a module exit, or to the end of the flow. */
import type { ModuleResult } from '../module.js';
import type { ModuleEnd } from '../outcome.js';
import type { TransferOutcome } from '../ports.js';

/** The exit taken for each way a transfer can fail. */
export type TransferExits = Readonly<Record<Exclude<TransferOutcome['kind'], 'answered'>, string>>;

export function transferResult(
  outcome: TransferOutcome,
  exits: TransferExits,
  answered: (agentId: string | undefined) => ModuleEnd,
  detail: Record<string, unknown>,
): ModuleResult {
  if (outcome.kind === 'answered') return { end: answered(outcome.agentId), detail };
  const reason = outcome.kind === 'failed' || outcome.kind === 'overflow' ? outcome.reason : undefined;
  return { exit: exits[outcome.kind], detail: reason === undefined ? detail : { ...detail, reason } };
}
