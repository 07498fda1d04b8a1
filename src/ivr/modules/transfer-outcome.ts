/** Maps what the channel says about a transfer to a module exit, or to the end of the flow. */
import type { ExitSpec, ModuleResult } from '../module.js';
import type { ModuleEnd } from '../outcome.js';
import type { TransferOutcome } from '../ports.js';
import { FAILURE_EXIT } from './common.js';

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

/** Exits of the modules that ring one party (an agent, an external number). */
export const RING_EXITS: ExitSpec[] = [
  {
    name: 'noAnswer',
    required: false,
    otherwise: 'failure',
    help: { en: 'Nobody answered before the ring timeout.', zh: '振铃超时无人接听。' },
  },
  {
    name: 'busy',
    required: false,
    otherwise: 'failure',
    help: { en: 'Busy or not available.', zh: '忙线或不可用。' },
  },
  { ...FAILURE_EXIT, help: { en: 'The transfer could not be made.', zh: '转接失败。' } },
];

export const RING_EXIT_MAP: TransferExits = {
  timeout: 'noAnswer',
  noAnswer: 'noAnswer',
  overflow: 'busy',
  busy: 'busy',
  failed: 'failure',
};
