import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StateInfo } from './protocol';

const REASONS = ['rest', 'meeting', 'training', 'other'] as const;

/** The agent's state with Ready / Not ready (and its reason); locked while a call rings or lasts. */
export function StateControls({
  state,
  onReady,
  onNotReady,
}: {
  state: StateInfo | undefined;
  onReady: () => void;
  onNotReady: (reason: string) => void;
}) {
  const { t } = useTranslation('workbench');
  const [reason, setReason] = useState<(typeof REASONS)[number]>('rest');
  const current = state?.state;
  const inCall = current === 'ringing' || current === 'busy';
  return (
    <section className="wb-state panel" aria-label={t('state.label')}>
      <div className="wb-state-now">
        <span className={`state-dot ${stateClass(current)}`} />
        <strong data-testid="agent-state">{current ? t(`state.${current}`) : '…'}</strong>
        {state?.reason && <span className="muted">({labelOf(t, state.reason)})</span>}
        {state && (
          <span className="muted small">
            {t('state.since', { time: new Date(state.since).toLocaleTimeString() })}
          </span>
        )}
      </div>
      <div className="wb-state-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={inCall || current === 'ready'}
          onClick={onReady}
        >
          {t('ready')}
        </button>
        <select
          aria-label={t('reason')}
          value={reason}
          disabled={current === 'busy'}
          onChange={(e) => setReason(e.target.value as (typeof REASONS)[number])}
        >
          {REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`reasons.${r}`)}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button"
          disabled={current === 'busy'}
          onClick={() => onNotReady(reason)}
        >
          {t('notReady')}
        </button>
      </div>
    </section>
  );
}

function labelOf(t: (key: `reasons.${(typeof REASONS)[number]}`) => string, reason: string): string {
  return (REASONS as readonly string[]).includes(reason)
    ? t(`reasons.${reason as (typeof REASONS)[number]}`)
    : reason;
}

export function stateClass(state: string | undefined): string {
  return `state-${state ?? 'offline'}`;
}
