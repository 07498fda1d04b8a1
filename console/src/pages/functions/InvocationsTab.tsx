import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FunctionRef } from '../../api/functions';
import type { InvocationRecord } from '../../api/types';
import { ErrorBox } from '../../components/ErrorBox';
import { formatMs, formatTime } from '../../components/format';
import { Loaded } from '../../components/Loading';
import { useApi } from '../../hooks/auth';
import { useResource } from '../../hooks/resource';

/** Recent invocations, newest first; a row opens its whole log. */
export function InvocationsTab({ fnRef }: { fnRef: FunctionRef }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const list = useResource(() => api.fn.invocations(fnRef), [api, fnRef.region, fnRef.service, fnRef.fn]);
  const [open, setOpen] = useState<string | undefined>(undefined);
  return (
    <>
      <div className="toolbar">
        <button type="button" className="button" onClick={() => void list.reload()}>
          {t('common.refresh')}
        </button>
      </div>
      <Loaded resource={list}>
        {(rows) =>
          rows.length === 0 ? (
            <div className="empty">{t('fn.noInvocations')}</div>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>{t('fn.startedAt')}</th>
                  <th>{t('fn.requestId')}</th>
                  <th>{t('fn.source')}</th>
                  <th>{t('fn.version')}</th>
                  <th>{t('fn.status')}</th>
                  <th>{t('fn.duration')}</th>
                  <th>{t('fn.maxMemory')}</th>
                  <th>{t('fn.coldStart')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <Fragment key={r.requestId}>
                    <tr
                      className="clickable"
                      onClick={() => setOpen(open === r.requestId ? undefined : r.requestId)}
                      aria-expanded={open === r.requestId}
                    >
                      <td>{formatTime(r.startedAt, i18n.language)}</td>
                      <td className="mono">{r.requestId}</td>
                      <td>{r.source}</td>
                      <td>{r.version}</td>
                      <td>
                        <span className={`status status-${r.status}`}>
                          {r.status === 'success'
                            ? t('fn.statusSuccess')
                            : (r.errorType ?? t('fn.statusError'))}
                        </span>
                      </td>
                      <td>{formatMs(r.durationMs)}</td>
                      <td>{r.maxMemoryUsedMb === null ? '—' : `${r.maxMemoryUsedMb.toFixed(1)} MB`}</td>
                      <td>{r.coldStart ? t('common.yes') : t('common.no')}</td>
                    </tr>
                    {open === r.requestId && (
                      <tr className="detail-row">
                        <td colSpan={8}>
                          <InvocationLog fnRef={fnRef} record={r} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
    </>
  );
}

function InvocationLog({ fnRef, record }: { fnRef: FunctionRef; record: InvocationRecord }) {
  const { t } = useTranslation();
  const api = useApi();
  const full = useResource(() => api.fn.invocation(fnRef, record.requestId), [api, record.requestId]);
  if (full.error) return <ErrorBox error={full.error} />;
  return (
    <pre className="log" data-testid="invocation-log">
      {full.data ? full.data.log || t('fn.noLog') : t('common.loading')}
    </pre>
  );
}
