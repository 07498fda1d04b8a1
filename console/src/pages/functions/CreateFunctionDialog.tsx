import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { useAction } from '../../hooks/action';
import { useApi } from '../../hooks/auth';
import { type SettingsDraft, SettingsFields, settingsBody, starterCode } from './SettingsFields';

/** Create a function (version 1) with starter code; the editor opens next. */
export function CreateFunctionDialog({
  region,
  service,
  onClose,
  onCreated,
}: {
  region: string;
  service: string;
  onClose(): void;
  onCreated(name: string): void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [name, setName] = useState('');
  const [draft, setDraft] = useState<SettingsDraft>({
    description: '',
    runtime: 'nodejs20',
    handler: 'index.handler',
    initializer: '',
    timeoutSeconds: '3',
    memoryMb: '128',
    env: [],
  });
  const action = useAction();
  const submit = async () => {
    const body = settingsBody(draft);
    const created = await action.run(() =>
      api.fn.createFunction(region, service, {
        ...body,
        initializer: body.initializer ?? undefined,
        name: name.trim(),
        code: { files: starterCode(draft.runtime) },
      }),
    );
    if (created) onCreated(created.name);
  };
  return (
    <Dialog
      title={t('fn.createFunction')}
      onClose={onClose}
      onSubmit={submit}
      wide
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
      <Field label={t('fn.functionName')} hint={t('fn.functionNameHint')} required>
        {(id) => (
          <input
            id={id}
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="get_number_region"
          />
        )}
      </Field>
      <SettingsFields draft={draft} onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))} />
      <p className="hint">{t('fn.starterCodeHint')}</p>
      <ErrorBox error={action.error} />
    </Dialog>
  );
}
