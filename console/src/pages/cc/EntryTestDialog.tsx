import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntryTestResult, FunctionEntry } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { ErrorBox } from '../../components/ErrorBox';
import { KeyValueEditor, type Pair, recordOf } from '../../components/KeyValueEditor';
import { useAction } from '../../hooks/action';
import { useApi } from '../../hooks/auth';
import { RunResult } from '../functions/RunResult';

/** Calls the entry's function with name/value parameters, as a flow would; shows the result or the exact error. */
export function EntryTestDialog({
  instance,
  entry,
  onClose,
}: {
  instance: string;
  entry: FunctionEntry;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [params, setParams] = useState<Pair[]>([{ key: 'phone', value: '' }]);
  const [result, setResult] = useState<EntryTestResult | undefined>(undefined);
  const action = useAction();
  const submit = async () => {
    setResult(undefined);
    const out = await action.run(() => api.cc.testEntry(instance, entry.id, recordOf(params)));
    if (out) setResult(out);
  };
  return (
    <Dialog
      title={t('cc.testEntryTitle', { name: `${entry.region}/${entry.service}/${entry.function}` })}
      onClose={onClose}
      onSubmit={submit}
      wide
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.close')}
          </button>
          <button type="submit" className="button button-primary" disabled={action.busy}>
            {t('cc.runTest')}
          </button>
        </>
      }
    >
      <p className="hint">{t('cc.testEntryHint')}</p>
      <KeyValueEditor
        pairs={params}
        onChange={setParams}
        keyLabel={t('cc.paramName')}
        valueLabel={t('cc.paramValue')}
        addLabel={t('cc.addParam')}
      />
      <ErrorBox error={action.error} />
      {result && !result.ok && result.error && (
        <div className="error-box" role="alert" data-testid="entry-test-error">
          <div className="error-box-main">
            <span className="error-code">{result.error.code}</span>
            <span className="error-message">{result.error.message}</span>
          </div>
        </div>
      )}
      {result?.ok && result.invocation && <RunResult result={result.invocation} />}
    </Dialog>
  );
}
