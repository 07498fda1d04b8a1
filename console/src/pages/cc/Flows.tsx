import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../components/ConfirmButton';
import { Dialog } from '../../components/Dialog';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { formatTime } from '../../components/format';
import { Loaded } from '../../components/Loading';
import { useAction } from '../../hooks/action';
import { useApi } from '../../hooks/auth';
import { useResource } from '../../hooks/resource';
import { navigate } from '../../router/history';
import { Link } from '../../router/Link';
import { href } from '../../router/routes';
import type { SectionProps } from './InstancePage';

/** The instance's IVR flows; each opens in the designer. */
export function Flows({ instance }: SectionProps) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const flows = useResource(() => api.flows.flows(instance), [api, instance]);
  const [creating, setCreating] = useState(false);
  return (
    <>
      <div className="toolbar">
        <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
          {t('flow.create')}
        </button>
      </div>
      <Loaded resource={flows}>
        {(list) =>
          list.length === 0 ? (
            <div className="empty">{t('flow.none')}</div>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>{t('flow.name')}</th>
                  <th>{t('common.description')}</th>
                  <th>{t('flow.published')}</th>
                  <th>{t('common.updated')}</th>
                  <th className="actions">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((f) => (
                  <tr key={f.id}>
                    <td>
                      <Link to={href.designer(instance, f.name)}>{f.name}</Link>
                    </td>
                    <td>{f.description}</td>
                    <td>{f.publishedVersion === null ? t('flow.notPublished') : `v${f.publishedVersion}`}</td>
                    <td>{formatTime(f.updatedAt, i18n.language)}</td>
                    <td className="actions">
                      <Link to={href.designer(instance, f.name)}>{t('flow.design')}</Link>
                      <ConfirmButton
                        label={t('common.delete')}
                        title={t('flow.delete')}
                        message={t('flow.deleteConfirm', { name: f.name })}
                        onConfirm={async () => {
                          await api.flows.remove(instance, f.name);
                          await flows.reload();
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
      {creating && <CreateFlowDialog instance={instance} onClose={() => setCreating(false)} />}
    </>
  );
}

function CreateFlowDialog({ instance, onClose }: { instance: string; onClose(): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const action = useAction();
  const submit = async () => {
    const created = await action.run(() =>
      api.flows.create(instance, { name: name.trim(), ...(description ? { description } : {}) }),
    );
    if (created) navigate(href.designer(instance, created.name));
  };
  return (
    <Dialog
      title={t('flow.create')}
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
      <Field label={t('flow.name')} hint={t('flow.nameHint')} required>
        {(id) => <input id={id} value={name} onChange={(e) => setName(e.target.value)} placeholder="main" />}
      </Field>
      <Field label={t('common.description')}>
        {(id) => <input id={id} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <ErrorBox error={action.error} />
    </Dialog>
  );
}
