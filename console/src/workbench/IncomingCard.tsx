import { useTranslation } from 'react-i18next';
import type { CallInfo } from './protocol';

/** The call offered: who calls, from where, through which group, with the flow's variables. */
export function IncomingCard({
  offer,
  onAnswer,
  onReject,
}: {
  offer: CallInfo;
  onAnswer: () => void;
  onReject: () => void;
}) {
  const { t } = useTranslation('workbench');
  const variables = Object.entries(offer.variables ?? {});
  return (
    <section className="wb-card wb-incoming panel" aria-label={t('incoming.title')}>
      <h2>{t('incoming.title')}</h2>
      <div className="wb-caller mono" data-testid="caller">
        {offer.ani}
      </div>
      <dl className="facts">
        <dt>{t('incoming.region')}</dt>
        <dd>{offer.region ?? '—'}</dd>
        <dt>{t('incoming.skillGroup')}</dt>
        <dd>{offer.skillGroup ?? '—'}</dd>
      </dl>
      <h3>{t('incoming.variables')}</h3>
      {variables.length === 0 ? (
        <p className="muted">{t('incoming.noVariables')}</p>
      ) : (
        <table className="table table-compact wb-variables">
          <tbody>
            {variables.map(([k, v]) => (
              <tr key={k}>
                <th className="mono">{k}</th>
                <td>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="wb-actions">
        <button type="button" className="button button-primary" onClick={onAnswer}>
          {t('incoming.answer')}
        </button>
        <button type="button" className="button button-danger" onClick={onReject}>
          {t('incoming.reject')}
        </button>
      </div>
    </section>
  );
}
