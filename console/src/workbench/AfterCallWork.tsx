import { useTranslation } from 'react-i18next';
import type { StateInfo } from './protocol';
import type { EndedCall } from './state';
import { useElapsed } from './useElapsed';

/** After-call work: how the call ended, when ACW ends by itself, and the button to finish now. */
export function AfterCallWork({
  state,
  ended,
  onFinish,
}: {
  state: StateInfo;
  ended: EndedCall | undefined;
  onFinish: () => void;
}) {
  const { t } = useTranslation('workbench');
  const elapsed = useElapsed(state.since);
  const left =
    state.acwEndsAt === undefined
      ? undefined
      : Math.max(0, Math.ceil((state.acwEndsAt - state.since) / 1000) - elapsed);
  return (
    <section className="wb-card wb-acw panel" aria-label={t('acw.title')}>
      <h2>{t('acw.title')}</h2>
      {ended && (
        <p>
          <span className="mono">{ended.ani}</span> —{' '}
          {ended.transferred ? t('acw.transferred') : t(`acw.endedBy.${ended.by}`)}
        </p>
      )}
      {left !== undefined && <p className="muted">{t('acw.endsIn', { seconds: left })}</p>}
      <button type="button" className="button button-primary" onClick={onFinish}>
        {t('acw.finish')}
      </button>
    </section>
  );
}
