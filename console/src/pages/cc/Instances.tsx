import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../components/ConfirmButton';
import { Dialog } from '../../components/Dialog';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { formatTime } from '../../components/format';
import { Loaded } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useAction } from '../../hooks/action';
import { useApi } from '../../hooks/auth';
import { useResource } from '../../hooks/resource';
import { navigate } from '../../router/history';
import { Link } from '../../router/Link';
import { href } from '../../router/routes';

/** Contact-center instances. */
export function Instances() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const instances = useResource(() => api.cc.instances(), [api]);
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        crumbs={[{ label: t('nav.contactCenter') }, { label: t('nav.instances') }]}
        title={t('cc.instancesTitle')}
        actions={
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            {t('cc.createInstance')}
          </button>
        }
      />
      <Loaded resource={instances}>
        {(list) =>
          list.length === 0 ? (
            <div className="empty">{t('cc.noInstances')}</div>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>{t('cc.instanceName')}</th>
                  <th>{t('common.description')}</th>
                  <th>{t('cc.functionAccess')}</th>
                  <th>{t('common.created')}</th>
                  <th className="actions">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((inst) => (
                  <tr key={inst.id}>
                    <td>
                      <Link to={href.instance(inst.name)}>{inst.name}</Link>
                    </td>
                    <td>{inst.description}</td>
                    <td>
                      {inst.functionAccess.granted ? (
                        <span className="status status-success">{t('cc.granted')}</span>
                      ) : (
                        <span className="status status-muted">{t('cc.notGranted')}</span>
                      )}
                    </td>
                    <td>{formatTime(inst.createdAt, i18n.language)}</td>
                    <td className="actions">
                      <ConfirmButton
                        label={t('common.delete')}
                        title={t('cc.deleteInstance')}
                        message={t('cc.deleteInstanceConfirm', { name: inst.name })}
                        onConfirm={async () => {
                          await api.cc.deleteInstance(inst.name);
                          await instances.reload();
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
      {creating && <CreateInstanceDialog onClose={() => setCreating(false)} />}
    </>
  );
}

function CreateInstanceDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const action = useAction();
  const submit = async () => {
    const created = await action.run(() => api.cc.createInstance({ name: name.trim(), description }));
    if (created) navigate(href.instance(created.name));
  };
  return (
    <Dialog
      title={t('cc.createInstance')}
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
      <Field label={t('cc.instanceName')} hint={t('cc.instanceNameHint')} required>
        {(id) => (
          <input id={id} value={name} onChange={(e) => setName(e.target.value)} placeholder="my-center" />
        )}
      </Field>
      <Field label={t('common.description')}>
        {(id) => <input id={id} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <ErrorBox error={action.error} />
    </Dialog>
  );
}
