import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../components/ConfirmButton';
import { Dialog } from '../components/Dialog';
import { formatTime } from '../components/format';
import { Loaded } from '../components/Loading';
import { useApi } from '../hooks/auth';
import { useResource } from '../hooks/resource';

/** Published versions: export one, or roll back to it (published again as a new version, and made the draft). */
export function VersionsDialog({
  instance,
  flow,
  onClose,
  onRolledBack,
  onExport,
}: {
  instance: string;
  flow: string;
  onClose(): void;
  onRolledBack(version: number): void;
  onExport(version: number): void;
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const versions = useResource(() => api.flows.versions(instance, flow), [api, instance, flow]);
  return (
    <Dialog title={t('designer.versions')} onClose={onClose} wide>
      <Loaded resource={versions}>
        {(list) =>
          list.length === 0 ? (
            <div className="empty">{t('designer.noVersions')}</div>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>{t('fn.version')}</th>
                  <th>{t('designer.note')}</th>
                  <th>{t('designer.publishedBy')}</th>
                  <th>{t('common.created')}</th>
                  <th className="actions">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((v) => (
                  <tr key={v.version}>
                    <td>
                      v{v.version} {v.current && <span className="badge">{t('designer.current')}</span>}
                    </td>
                    <td>{v.note}</td>
                    <td>{v.publishedBy}</td>
                    <td>{formatTime(v.createdAt, i18n.language)}</td>
                    <td className="actions">
                      <button type="button" className="link-button" onClick={() => onExport(v.version)}>
                        {t('designer.export')}
                      </button>
                      {!v.current && (
                        <ConfirmButton
                          label={t('designer.rollback')}
                          className="link-button"
                          title={t('designer.rollback')}
                          message={t('designer.rollbackConfirm', { version: v.version })}
                          confirmLabel={t('designer.rollback')}
                          onConfirm={async () => {
                            const next = await api.flows.rollback(instance, flow, v.version);
                            onRolledBack(next.version);
                          }}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
    </Dialog>
  );
}
