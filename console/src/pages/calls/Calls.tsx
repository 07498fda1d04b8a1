import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallRecord } from '../../api/flow-types';
import { downloadText } from '../../components/download';
import { ErrorBox } from '../../components/ErrorBox';
import { formatMs, formatSeconds, formatTime } from '../../components/format';
import { Loaded } from '../../components/Loading';
import { Outcome } from '../../designer/Outcome';
import { useAction } from '../../hooks/action';
import { useApi } from '../../hooks/auth';
import { useResource } from '../../hooks/resource';
import { navigate } from '../../router/history';
import { Link } from '../../router/Link';
import { href } from '../../router/routes';
import type { SectionProps } from '../cc/InstancePage';
import { SimulateCallDialog } from './SimulateCallDialog';

const PAGE = 100;

/** Calls, newest first, with a filter on caller, called number, outcome and status. */
export function Calls({ instance }: SectionProps) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const calls = useResource(() => api.flows.calls(instance, { limit: PAGE }), [api, instance]);
  const [filter, setFilter] = useState('');
  const [status, setStatus] = useState('');
  const [simulating, setSimulating] = useState(false);
  const more = useAction();
  const [exhausted, setExhausted] = useState(false);
  const shown = useMemo(() => filterCalls(calls.data ?? [], filter, status), [calls.data, filter, status]);
  const loadMore = async () => {
    const last = calls.data?.[calls.data.length - 1];
    if (!last) return;
    const next = await more.run(() => api.flows.calls(instance, { limit: PAGE, before: last.startedAt }));
    if (next) {
      if (next.length < PAGE) setExhausted(true);
      calls.setData((old) => [...(old ?? []), ...next]);
    }
  };
  return (
    <>
      <div className="toolbar">
        <input
          className="filter-input"
          type="search"
          aria-label={t('calls.filter')}
          placeholder={t('calls.filterPlaceholder')}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <select aria-label={t('calls.status')} value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">{t('calls.allStatuses')}</option>
          <option value="running">{t('calls.running')}</option>
          <option value="ended">{t('calls.ended')}</option>
        </select>
        <button type="button" className="button" onClick={() => void calls.reload()}>
          {t('common.refresh')}
        </button>
        <button
          type="button"
          className="button"
          disabled={more.busy}
          onClick={async () => {
            const csv = await more.run(() => api.flows.callsCsv(instance));
            if (csv !== undefined) downloadText(`calls-${instance}.csv`, csv, 'text/csv');
          }}
        >
          {t('calls.exportCsv')}
        </button>
        <span className="toolbar-spacer" />
        <button type="button" className="button button-primary" onClick={() => setSimulating(true)}>
          {t('calls.simulate')}
        </button>
      </div>
      <Loaded resource={calls}>
        {() =>
          shown.length === 0 ? (
            <div className="empty">{t('calls.none')}</div>
          ) : (
            <table className="table" aria-label={t('section.calls')}>
              <thead>
                <tr>
                  <th>{t('calls.started')}</th>
                  <th>{t('calls.ani')}</th>
                  <th>{t('calls.dnis')}</th>
                  <th>{t('calls.flow')}</th>
                  <th>{t('calls.channel')}</th>
                  <th>{t('calls.disposition')}</th>
                  <th>{t('calls.outcome')}</th>
                  <th>{t('calls.agent')}</th>
                  <th>{t('calls.queueTime')}</th>
                  <th>{t('calls.talkTime')}</th>
                  <th>{t('calls.duration')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((c) => (
                  <tr key={c.id} className="clickable" onClick={() => navigate(href.call(instance, c.id))}>
                    <td>
                      <Link to={href.call(instance, c.id)}>{formatTime(c.startedAt, i18n.language)}</Link>
                    </td>
                    <td className="mono">{c.ani}</td>
                    <td className="mono">{c.dnis}</td>
                    <td>
                      {c.flow?.name
                        ? `${c.flow.name} ${c.flow.version === null ? t('calls.draft') : `v${c.flow.version}`}`
                        : '—'}
                    </td>
                    <td>{c.channel}</td>
                    <td>{c.status === 'running' ? t('calls.running') : (c.disposition ?? '—')}</td>
                    <td>
                      <Outcome outcome={c.outcome} />
                    </td>
                    <td>
                      {c.agent?.loginName ? <span className="mono">{c.agent.loginName}</span> : '—'}
                      {c.agent?.skillGroup && (
                        <div className="muted small agent-group">{c.agent.skillGroup}</div>
                      )}
                    </td>
                    <td>{formatSeconds(c.agent?.queueMs)}</td>
                    <td>
                      {formatSeconds(c.agent?.talkMs)}
                      {c.recordings?.some((r) => r.kind === 'call') && (
                        <span className="chip chip-rec" title={t('calls.recorded')}>
                          ● {t('calls.recorded')}
                        </span>
                      )}
                    </td>
                    <td>{c.endedAt ? formatMs(Date.parse(c.endedAt) - Date.parse(c.startedAt)) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
      <ErrorBox error={more.error} />
      {calls.data && calls.data.length >= PAGE && !exhausted && (
        <button type="button" className="button" disabled={more.busy} onClick={() => void loadMore()}>
          {t('calls.loadMore')}
        </button>
      )}
      {simulating && <SimulateCallDialog instance={instance} onClose={() => setSimulating(false)} />}
    </>
  );
}

export function filterCalls(calls: CallRecord[], text: string, status: string): CallRecord[] {
  const q = text.trim().toLowerCase();
  return calls.filter((c) => {
    if (status && c.status !== status) return false;
    if (!q) return true;
    const hay = [
      c.ani,
      c.dnis,
      c.disposition ?? '',
      c.outcome?.skillGroup ?? '',
      c.outcome?.agent ?? '',
      c.agent?.loginName ?? '',
      c.agent?.skillGroup ?? '',
      c.flow?.name ?? '',
      c.id,
    ];
    return hay.some((h) => h.toLowerCase().includes(q));
  });
}
