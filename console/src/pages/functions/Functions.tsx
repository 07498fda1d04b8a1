import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../components/ConfirmButton';
import { formatTime } from '../../components/format';
import { Loaded } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useApi } from '../../hooks/auth';
import { useResource } from '../../hooks/resource';
import { navigate } from '../../router/history';
import { Link } from '../../router/Link';
import { href } from '../../router/routes';
import { CreateFunctionDialog } from './CreateFunctionDialog';

/** The functions of a service. */
export function Functions({ region, service }: { region: string; service: string }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const functions = useResource(() => api.fn.functions(region, service), [api, region, service]);
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        crumbs={[
          { label: t('nav.functionService'), to: href.services(region) },
          { label: region, to: href.services(region) },
          { label: service },
        ]}
        title={t('fn.functionsOf', { service })}
        actions={
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            {t('fn.createFunction')}
          </button>
        }
      />
      <Loaded resource={functions}>
        {(list) =>
          list.length === 0 ? (
            <div className="empty">{t('fn.noFunctions')}</div>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>{t('fn.functionName')}</th>
                  <th>{t('fn.runtime')}</th>
                  <th>{t('fn.handler')}</th>
                  <th>{t('fn.version')}</th>
                  <th>{t('fn.timeout')}</th>
                  <th>{t('fn.memory')}</th>
                  <th>{t('common.updated')}</th>
                  <th className="actions">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((f) => (
                  <tr key={f.name}>
                    <td>
                      <Link to={href.fn(region, service, f.name)}>{f.name}</Link>
                    </td>
                    <td>{f.runtime}</td>
                    <td className="mono">{f.handler}</td>
                    <td>{f.version}</td>
                    <td>{f.timeoutSeconds} s</td>
                    <td>{f.memoryMb} MB</td>
                    <td>{formatTime(f.updatedAt, i18n.language)}</td>
                    <td className="actions">
                      <ConfirmButton
                        label={t('common.delete')}
                        title={t('fn.deleteFunction')}
                        message={t('fn.deleteFunctionConfirm', { name: f.name })}
                        onConfirm={async () => {
                          await api.fn.remove({ region, service, fn: f.name });
                          await functions.reload();
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
      {creating && (
        <CreateFunctionDialog
          region={region}
          service={service}
          onClose={() => setCreating(false)}
          onCreated={(name) => navigate(href.fn(region, service, name))}
        />
      )}
    </>
  );
}
