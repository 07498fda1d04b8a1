import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { useAction } from '../../hooks/action';
import { useApi } from '../../hooks/auth';
import { useResource } from '../../hooks/resource';
import { navigate } from '../../router/history';
import { href } from '../../router/routes';

/** A call without a phone to one of the instance's numbers (its published flow). */
export function SimulateCallDialog({ instance, onClose }: { instance: string; onClose(): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const numbers = useResource(() => api.cc.numbers(instance), [api, instance]);
  const [number, setNumber] = useState('');
  const [ani, setAni] = useState('13800138000');
  const [answers, setAnswers] = useState('');
  const action = useAction();
  const chosen = number || numbers.data?.[0]?.number || '';
  const submit = async () => {
    const out = await action.run(() =>
      api.flows.simulate(instance, {
        number: chosen,
        ani: ani.trim(),
        answers: answers.trim() ? answers.split(',').map((a) => a.trim()) : [],
      }),
    );
    if (out) navigate(href.call(instance, out.callId));
  };
  return (
    <Dialog
      title={t('calls.simulate')}
      onClose={onClose}
      onSubmit={submit}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className="button button-primary"
            disabled={action.busy || !chosen || !ani.trim()}
          >
            {t('sim.call')}
          </button>
        </>
      }
    >
      <Field label={t('cc.number')} required>
        {(id) => (
          <select id={id} value={chosen} onChange={(e) => setNumber(e.target.value)}>
            {numbers.data?.map((n) => (
              <option key={n.id} value={n.number}>
                {n.number} {n.flow ? `→ ${n.flow}` : `(${t('cc.noFlow')})`}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('sim.ani')} required>
        {(id) => <input id={id} value={ani} onChange={(e) => setAni(e.target.value)} />}
      </Field>
      <Field label={t('sim.answers')} hint={t('sim.answersHint')}>
        {(id) => <input id={id} value={answers} onChange={(e) => setAnswers(e.target.value)} />}
      </Field>
      <ErrorBox error={action.error ?? numbers.error} />
    </Dialog>
  );
}
