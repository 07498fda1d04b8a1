import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../components/ConfirmButton';
import { Dialog } from '../../components/Dialog';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { Loaded } from '../../components/Loading';
import { useAction } from '../../hooks/action';
import { useApi } from '../../hooks/auth';
import { useResource } from '../../hooks/resource';
import type { SectionProps } from './InstancePage';

/** Phone numbers and the flow each one runs. */
export function Numbers({ instance }: SectionProps) {
  const { t } = useTranslation();
  const api = useApi();
  const numbers = useResource(() => api.cc.numbers(instance), [api, instance]);
  const flows = useResource(() => api.flows.flows(instance), [api, instance]);
  const [adding, setAdding] = useState(false);
  const bind = useAction();
  const flowNames = (flows.data ?? []).map((f) => f.name);
  return (
    <>
      <div className="toolbar">
        <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
          {t('cc.addNumber')}
        </button>
      </div>
      <ErrorBox error={bind.error} onClose={bind.clear} />
      <Loaded resource={numbers}>
        {(list) =>
          list.length === 0 ? (
            <div className="empty">{t('cc.noNumbers')}</div>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>{t('cc.number')}</th>
                  <th>{t('cc.boundFlow')}</th>
                  <th>{t('common.description')}</th>
                  <th className="actions">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((n) => (
                  <tr key={n.id}>
                    <td className="mono">{n.number}</td>
                    <td>
                      <select
                        aria-label={t('cc.boundFlowOf', { number: n.number })}
                        value={n.flow ?? ''}
                        onChange={async (e) => {
                          const flow = e.target.value || null;
                          const next = await bind.run(() => api.cc.bindNumber(instance, n.number, flow));
                          if (next)
                            numbers.setData((old) => (old ?? []).map((x) => (x.id === next.id ? next : x)));
                        }}
                      >
                        <option value="">{t('cc.noFlow')}</option>
                        {[...new Set([...flowNames, ...(n.flow ? [n.flow] : [])])].map((f) => (
                          <option key={f} value={f}>
                            {f}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>{n.description}</td>
                    <td className="actions">
                      <ConfirmButton
                        label={t('common.remove')}
                        title={t('cc.removeNumber')}
                        message={t('cc.removeNumberConfirm', { number: n.number })}
                        confirmLabel={t('common.remove')}
                        onConfirm={async () => {
                          await api.cc.removeNumber(instance, n.number);
                          await numbers.reload();
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
      {adding && (
        <AddNumberDialog
          instance={instance}
          flows={flowNames}
          onClose={() => setAdding(false)}
          onAdded={async () => {
            setAdding(false);
            await numbers.reload();
          }}
        />
      )}
    </>
  );
}

function AddNumberDialog({
  instance,
  flows,
  onClose,
  onAdded,
}: {
  instance: string;
  flows: string[];
  onClose(): void;
  onAdded(): void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [number, setNumber] = useState('');
  const [flow, setFlow] = useState('');
  const [description, setDescription] = useState('');
  const action = useAction();
  const submit = async () => {
    const added = await action.run(() =>
      api.cc.addNumber(instance, { number: number.trim(), flow: flow || null, description }),
    );
    if (added) onAdded();
  };
  return (
    <Dialog
      title={t('cc.addNumber')}
      onClose={onClose}
      onSubmit={submit}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={action.busy || !number.trim()}>
            {t('common.add')}
          </button>
        </>
      }
    >
      <Field label={t('cc.number')} hint={t('cc.numberHint')} required>
        {(id) => (
          <input
            id={id}
            value={number}
            onChange={(e) => setNumber(e.target.value)}
            placeholder="4008001234"
          />
        )}
      </Field>
      <Field label={t('cc.boundFlow')} hint={t('cc.boundFlowHint')}>
        {(id) => (
          <select id={id} value={flow} onChange={(e) => setFlow(e.target.value)}>
            <option value="">{t('cc.noFlow')}</option>
            {flows.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('common.description')}>
        {(id) => <input id={id} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <ErrorBox error={action.error} />
    </Dialog>
  );
}
