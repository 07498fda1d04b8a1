import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../components/ConfirmButton';
import { Dialog } from '../../components/Dialog';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { formatTime } from '../../components/format';
import { rememberRegion } from '../../components/Layout';
import { Loaded } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useAction } from '../../hooks/action';
import { useApi } from '../../hooks/auth';
import { useResource } from '../../hooks/resource';
import { navigate } from '../../router/history';
import { Link } from '../../router/Link';
import { href } from '../../router/routes';

/** A region's services, with the region selector. */
export function Services({ region }: { region: string | undefined }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const regions = useResource(() => api.fn.regions(), [api]);
  const current = region ?? regions.data?.[0]?.id;
  useEffect(() => {
    if (region) rememberRegion(region);
    else if (current) navigate(href.services(current), { replace: true });
  }, [region, current]);
  const services = useResource(async () => (current ? api.fn.services(current) : []), [api, current]);
  const [creating, setCreating] = useState(false);
  const regionName = regions.data?.find((r) => r.id === current)?.name ?? current ?? '';
  return (
    <>
      <PageHeader
        crumbs={[{ label: t('nav.functionService') }, { label: regionName }]}
        title={t('fn.servicesTitle')}
        actions={
          <>
            <label className="inline-label">
              {t('fn.region')}
              <select
                aria-label={t('fn.region')}
                value={current ?? ''}
                onChange={(e) => navigate(href.services(e.target.value))}
              >
                {regions.data?.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name} ({r.id})
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
              {t('fn.createService')}
            </button>
          </>
        }
      />
      <ErrorBox error={regions.error} />
      <Loaded resource={services}>
        {(list) =>
          list.length === 0 ? (
            <div className="empty">{t('fn.noServices')}</div>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>{t('fn.serviceName')}</th>
                  <th>{t('common.description')}</th>
                  <th>{t('common.created')}</th>
                  <th className="actions">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((s) => (
                  <tr key={s.name}>
                    <td>
                      <Link to={href.functions(s.region, s.name)}>{s.name}</Link>
                    </td>
                    <td>{s.description}</td>
                    <td>{formatTime(s.createdAt, i18n.language)}</td>
                    <td className="actions">
                      <ConfirmButton
                        label={t('common.delete')}
                        title={t('fn.deleteService')}
                        message={t('fn.deleteServiceConfirm', { name: s.name })}
                        onConfirm={async () => {
                          await api.fn.deleteService(s.region, s.name);
                          await services.reload();
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
      {creating && current && (
        <CreateServiceDialog
          region={current}
          onClose={() => setCreating(false)}
          onCreated={(name) => navigate(href.functions(current, name))}
        />
      )}
    </>
  );
}

function CreateServiceDialog({
  region,
  onClose,
  onCreated,
}: {
  region: string;
  onClose(): void;
  onCreated(name: string): void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const action = useAction();
  const submit = async () => {
    const created = await action.run(() => api.fn.createService(region, { name: name.trim(), description }));
    if (created) onCreated(created.name);
  };
  return (
    <Dialog
      title={t('fn.createService')}
      onClose={onClose}
      onSubmit={submit}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={action.busy || !name.trim()}>
            {t('common.create')}
          </button>
        </>
      }
    >
      <Field label={t('fn.serviceName')} hint={t('fn.serviceNameHint')} required>
        {(id) => (
          <input id={id} value={name} onChange={(e) => setName(e.target.value)} placeholder="demo-service" />
        )}
      </Field>
      <Field label={t('common.description')}>
        {(id) => <input id={id} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <ErrorBox error={action.error} />
    </Dialog>
  );
}
