import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FunctionEntry } from '../../api/types';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorBox } from '../../components/ErrorBox';
import { formatTime } from '../../components/format';
import { Loaded } from '../../components/Loading';
import { useAction } from '../../hooks/action';
import { useApi } from '../../hooks/auth';
import { useResource } from '../../hooks/resource';
import { EntryDialog } from './EntryDialog';
import { EntryTestDialog } from './EntryTestDialog';
import type { SectionProps } from './InstancePage';

/** IVR integration settings: the authorization step, and the functions this instance's flows may call. */
export function Integration({ instance, info, onInfo }: SectionProps) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const entries = useResource(() => api.cc.entries(instance), [api, instance]);
  const [editing, setEditing] = useState<FunctionEntry | 'new' | undefined>(undefined);
  const [testing, setTesting] = useState<FunctionEntry | undefined>(undefined);
  const grant = useAction();
  const access = info.functionAccess;
  return (
    <>
      {access.granted ? (
        <div className="banner banner-ok">
          <span>
            {t('cc.accessGranted', {
              by: access.grantedBy ?? '—',
              at: formatTime(access.grantedAt, i18n.language),
            })}
          </span>
          <span className="toolbar-spacer" />
          <ConfirmButton
            label={t('cc.revokeAccess')}
            title={t('cc.revokeAccess')}
            message={t('cc.revokeAccessConfirm')}
            confirmLabel={t('cc.revoke')}
            onConfirm={async () => onInfo(await api.cc.revokeFunctionAccess(instance))}
          />
        </div>
      ) : (
        <div className="banner banner-warn" role="status">
          <div>
            <strong>{t('cc.accessNeededTitle')}</strong>
            <div>{t('cc.accessNeeded')}</div>
          </div>
          <span className="toolbar-spacer" />
          <button
            type="button"
            className="button button-primary"
            disabled={grant.busy}
            onClick={async () => {
              const next = await grant.run(() => api.cc.grantFunctionAccess(instance));
              if (next) onInfo(next);
            }}
          >
            {t('cc.grantAccess')}
          </button>
        </div>
      )}
      <ErrorBox error={grant.error} onClose={grant.clear} />
      <div className="toolbar">
        <button
          type="button"
          className="button button-primary"
          disabled={!access.granted}
          title={access.granted ? undefined : t('cc.grantFirst')}
          onClick={() => setEditing('new')}
        >
          {t('cc.addEntry')}
        </button>
      </div>
      <Loaded resource={entries}>
        {(list) =>
          list.length === 0 ? (
            <div className="empty">{t('cc.noEntries')}</div>
          ) : (
            <table className="table" aria-label={t('cc.entries')}>
              <thead>
                <tr>
                  <th>{t('fn.region')}</th>
                  <th>{t('fn.serviceName')}</th>
                  <th>{t('fn.functionName')}</th>
                  <th>{t('fn.version')}</th>
                  <th>{t('common.description')}</th>
                  <th className="actions">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((e) => (
                  <tr key={e.id}>
                    <td>{e.region}</td>
                    <td className="mono">{e.service}</td>
                    <td className="mono">{e.function}</td>
                    <td>{e.version ?? t('cc.latest')}</td>
                    <td>{e.description}</td>
                    <td className="actions">
                      <button type="button" className="link-button" onClick={() => setTesting(e)}>
                        {t('cc.test')}
                      </button>
                      <button type="button" className="link-button" onClick={() => setEditing(e)}>
                        {t('common.edit')}
                      </button>
                      <ConfirmButton
                        label={t('common.delete')}
                        title={t('cc.deleteEntry')}
                        message={t('cc.deleteEntryConfirm', { name: `${e.service}/${e.function}` })}
                        onConfirm={async () => {
                          await api.cc.deleteEntry(instance, e.id);
                          await entries.reload();
                        }}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
      {editing && (
        <EntryDialog
          instance={instance}
          entry={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={async () => {
            setEditing(undefined);
            await entries.reload();
          }}
        />
      )}
      {testing && (
        <EntryTestDialog instance={instance} entry={testing} onClose={() => setTesting(undefined)} />
      )}
    </>
  );
}
