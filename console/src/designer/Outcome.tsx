import { useTranslation } from 'react-i18next';
import type { CallOutcome } from '../api/flow-types';

/** How a call ended, in words: e.g. transferred to skill group 北京客服组, answered by 1001. */
export function Outcome({ outcome }: { outcome: CallOutcome | null | undefined }) {
  const { t } = useTranslation();
  if (!outcome) return <span className="muted">{t('trace.running')}</span>;
  const agent = outcome.agent ? t('trace.answeredBy', { agent: outcome.agent }) : '';
  let text: string;
  if (outcome.kind === 'transferred' && outcome.skillGroup)
    text = t('trace.toSkillGroup', { group: outcome.skillGroup }) + agent;
  else if (outcome.kind === 'transferred' && outcome.number)
    text = t('trace.toNumber', { number: outcome.number });
  else if (outcome.kind === 'transferred' && outcome.agent)
    text = t('trace.toAgent', { agent: outcome.agent });
  else {
    const { kind, ...rest } = outcome;
    const extra = Object.entries(rest)
      .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(', ');
    text = `${t(`outcomeKind.${kind}` as 'outcomeKind.hangup', { defaultValue: kind })}${extra ? ` (${extra})` : ''}`;
  }
  return (
    <span className={`outcome outcome-${outcome.kind}`} data-testid="call-outcome">
      {text}
    </span>
  );
}
