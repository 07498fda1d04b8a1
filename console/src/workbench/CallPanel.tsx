import { useTranslation } from 'react-i18next';
import type { TransferTarget } from './protocol';
import type { ActiveCall } from './state';
import { TransferForm } from './TransferForm';
import { clock, useElapsed } from './useElapsed';

export interface CallControls {
  hold(on: boolean): void;
  setMuted(muted: boolean): void;
  transfer(target: TransferTarget): void;
  hangup(): void;
}

/** The call in progress: its caller, timer, hold, mute, transfer and hang-up. */
export function CallPanel({
  call,
  held,
  muted,
  controls,
}: {
  call: ActiveCall;
  held: boolean;
  muted: boolean;
  controls: CallControls;
}) {
  const { t } = useTranslation('workbench');
  const seconds = useElapsed(call.connectedSince);
  const connected = call.phase === 'connected';
  const status = held ? t('call.onHold') : t(`call.${call.phase}`);
  return (
    <section className="wb-card wb-call panel" aria-label={t('call.title')}>
      <div className="wb-call-head">
        <div>
          <div className="wb-caller mono" data-testid="caller">
            {call.ani}
          </div>
          <div className="muted">{[call.region, call.skillGroup].filter(Boolean).join(' · ')}</div>
        </div>
        <time className="wb-timer" title={t('call.duration')} data-testid="call-timer">
          {clock(seconds)}
        </time>
      </div>
      <div className={`wb-call-status${held ? ' wb-held' : ''}`} role="status" data-testid="call-status">
        {status}
        {muted && <span className="badge">{t('call.muted')}</span>}
      </div>
      <div className="wb-actions">
        <button type="button" className="button" disabled={!connected} onClick={() => controls.hold(!held)}>
          {held ? t('call.resume') : t('call.hold')}
        </button>
        <button
          type="button"
          className="button"
          disabled={!connected}
          onClick={() => controls.setMuted(!muted)}
        >
          {muted ? t('call.unmute') : t('call.mute')}
        </button>
        <button type="button" className="button button-danger" onClick={controls.hangup}>
          {t('call.hangup')}
        </button>
      </div>
      <TransferForm disabled={!connected} onTransfer={controls.transfer} />
    </section>
  );
}
