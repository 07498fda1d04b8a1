import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FunctionRef } from '../../api/functions';
import type { FunctionInfo } from '../../api/types';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorBox } from '../../components/ErrorBox';
import { pairsOf } from '../../components/KeyValueEditor';
import { useAction } from '../../hooks/action';
import { useApi } from '../../hooks/auth';
import { navigate } from '../../router/history';
import { href } from '../../router/routes';
import { type SettingsDraft, SettingsFields, settingsBody } from './SettingsFields';

/** Change settings (a new version) or delete the function. */
export function SettingsTab({
  fnRef,
  info,
  onSaved,
}: {
  fnRef: FunctionRef;
  info: FunctionInfo;
  onSaved(next: FunctionInfo): void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [draft, setDraft] = useState<SettingsDraft>(() => ({
    description: info.description,
    runtime: info.runtime,
    handler: info.handler,
    initializer: info.initializer ?? '',
    timeoutSeconds: String(info.timeoutSeconds),
    memoryMb: String(info.memoryMb),
    env: pairsOf(info.environmentVariables),
  }));
  const [saved, setSaved] = useState<number | undefined>(undefined);
  const action = useAction();
  const save = async () => {
    const next = await action.run(() => api.fn.update(fnRef, settingsBody(draft)));
    if (next) {
      onSaved(next);
      setSaved(next.version);
    }
  };
  return (
    <form
      className="settings-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <SettingsFields draft={draft} onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))} />
      <ErrorBox error={action.error} />
      {saved !== undefined && <div className="notice">{t('fn.savedVersion', { n: saved })}</div>}
      <div className="toolbar">
        <button type="submit" className="button button-primary" disabled={action.busy}>
          {t('fn.saveSettings')}
        </button>
        <span className="toolbar-spacer" />
        <ConfirmButton
          label={t('fn.deleteFunction')}
          className="button button-danger"
          title={t('fn.deleteFunction')}
          message={t('fn.deleteFunctionConfirm', { name: fnRef.fn })}
          onConfirm={async () => {
            await api.fn.remove(fnRef);
            navigate(href.functions(fnRef.region, fnRef.service));
          }}
        />
      </div>
    </form>
  );
}
