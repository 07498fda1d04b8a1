import { useTranslation } from 'react-i18next';
import type { InvocationSummary } from '../../api/types';
import { formatMs } from '../../components/format';

/** What a run answered: the result (`null` when nothing was returned), figures, log and error. */
export function RunResult({ result }: { result: InvocationSummary }) {
  const { t } = useTranslation();
  const value = result.result ?? (result.resultBase64 !== undefined ? `base64:${result.resultBase64}` : '');
  return (
    <section className="panel run-result" aria-label={t('fn.runResult')}>
      <div className="panel-head">
        <h3>{t('fn.runResult')}</h3>
        <span className={`status status-${result.status}`} data-testid="run-status">
          {result.status === 'success' ? t('fn.statusSuccess') : t('fn.statusError')}
          {result.errorType ? ` · ${result.errorType}` : ''}
        </span>
      </div>
      <dl className="facts">
        <dt>{t('fn.requestId')}</dt>
        <dd className="mono">{result.requestId}</dd>
        <dt>{t('fn.version')}</dt>
        <dd>{result.version}</dd>
        <dt>{t('fn.duration')}</dt>
        <dd>{formatMs(result.durationMs)}</dd>
        <dt>{t('fn.maxMemory')}</dt>
        <dd>{result.maxMemoryUsedMb === null ? '—' : `${result.maxMemoryUsedMb.toFixed(1)} MB`}</dd>
        <dt>{t('fn.coldStart')}</dt>
        <dd>{result.coldStart ? t('common.yes') : t('common.no')}</dd>
      </dl>
      {result.status === 'success' && (
        <>
          <h4>{t('fn.returned')}</h4>
          <pre className="result-value" data-testid="run-result">
            {value}
          </pre>
        </>
      )}
      {result.error && (
        <>
          <h4>{t('fn.error')}</h4>
          <pre className="result-error" data-testid="run-error">
            {`${result.error.errorType}: ${result.error.errorMessage}`}
            {result.error.stackTrace.length > 0 && `\n${result.error.stackTrace.join('\n')}`}
          </pre>
        </>
      )}
      <h4>
        {t('fn.log')}
        {result.logTruncated && <span className="muted"> ({t('fn.logTruncated')})</span>}
      </h4>
      <pre className="log" data-testid="run-log">
        {result.log || t('fn.noLog')}
      </pre>
    </section>
  );
}
