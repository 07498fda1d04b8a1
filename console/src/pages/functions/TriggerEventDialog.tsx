import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FunctionRef } from '../../api/functions';
import type { TestEvent } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { useAction } from '../../hooks/action';
import { useApi } from '../../hooks/auth';

const TEMPLATES: Record<string, string> = {
  empty: '',
  object: '{\n  "key": "value"\n}',
  phone: '{\n  "phone": "13800138000"\n}',
};

/** The trigger events dialog: create a new saved event, or edit/delete a saved one. */
export function TriggerEventDialog({
  fnRef,
  events,
  initial,
  onClose,
  onSaved,
}: {
  fnRef: FunctionRef;
  events: TestEvent[];
  initial: string | undefined;
  onClose(): void;
  onSaved(selected: string | undefined): void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [mode, setMode] = useState<'create' | 'edit'>(initial ? 'edit' : 'create');
  const [name, setName] = useState('');
  const [editName, setEditName] = useState(initial ?? events[0]?.name ?? '');
  const [payload, setPayload] = useState(
    () => events.find((e) => e.name === initial)?.payload ?? TEMPLATES['object']!,
  );
  const action = useAction();
  const jsonProblem = jsonCheck(payload);

  const chooseEdit = (n: string) => {
    setEditName(n);
    setPayload(events.find((e) => e.name === n)?.payload ?? '');
  };
  const save = async () => {
    const target = mode === 'create' ? name.trim() : editName;
    const saved = await action.run(() => api.fn.saveEvent(fnRef, target, payload));
    if (saved) onSaved(saved.name);
  };
  const remove = async () => {
    const done = await action.run(async () => {
      await api.fn.deleteEvent(fnRef, editName);
      return true;
    });
    if (done) onSaved(undefined);
  };
  return (
    <Dialog
      title={t('fn.triggerEvents')}
      onClose={onClose}
      onSubmit={save}
      wide
      footer={
        <>
          {mode === 'edit' && editName && (
            <button type="button" className="button button-danger-link footer-left" onClick={remove}>
              {t('common.delete')}
            </button>
          )}
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className="button button-primary"
            disabled={action.busy || (mode === 'create' ? !name.trim() : !editName)}
          >
            {t('common.save')}
          </button>
        </>
      }
    >
      <div className="radio-row" role="radiogroup">
        <label>
          <input type="radio" checked={mode === 'create'} onChange={() => setMode('create')} />
          {t('fn.createEvent')}
        </label>
        <label>
          <input
            type="radio"
            checked={mode === 'edit'}
            disabled={events.length === 0}
            onChange={() => {
              setMode('edit');
              chooseEdit(editName || events[0]?.name || '');
            }}
          />
          {t('fn.editEvent')}
        </label>
      </div>
      {mode === 'create' ? (
        <div className="form-grid">
          <Field label={t('fn.eventName')} required>
            {(id) => (
              <input
                id={id}
                value={name}
                onChange={(e) => setName(e.target.value)}
                placeholder="beijing-mobile"
              />
            )}
          </Field>
          <Field label={t('fn.eventTemplate')}>
            {(id) => (
              <select
                id={id}
                defaultValue=""
                onChange={(e) => setPayload(TEMPLATES[e.target.value] ?? payload)}
              >
                <option value="" disabled>
                  {t('fn.chooseTemplate')}
                </option>
                <option value="empty">{t('fn.templateEmpty')}</option>
                <option value="object">{t('fn.templateObject')}</option>
                <option value="phone">{t('fn.templatePhone')}</option>
              </select>
            )}
          </Field>
        </div>
      ) : (
        <Field label={t('fn.savedEvent')}>
          {(id) => (
            <select id={id} value={editName} onChange={(e) => chooseEdit(e.target.value)}>
              {events.map((e) => (
                <option key={e.name} value={e.name}>
                  {e.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field
        label={t('fn.eventPayload')}
        hint={jsonProblem ? t('fn.notJson', { problem: jsonProblem }) : t('fn.payloadHint')}
      >
        {(id) => (
          <textarea
            id={id}
            className="mono"
            rows={10}
            spellCheck={false}
            value={payload}
            onChange={(e) => setPayload(e.target.value)}
          />
        )}
      </Field>
      <ErrorBox error={action.error} />
    </Dialog>
  );
}

/** Events are text; most are JSON, so say when it is not (it is still allowed). */
function jsonCheck(text: string): string | undefined {
  if (!text.trim()) return undefined;
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
