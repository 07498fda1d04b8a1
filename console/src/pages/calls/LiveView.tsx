import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox';
import { formatMs } from '../../components/format';
import { useAction } from '../../hooks/action';
import { useApi } from '../../hooks/auth';
import { pollingLiveSource, useLive } from '../../hooks/live';
import { useResource } from '../../hooks/resource';
import type { SectionProps } from '../cc/InstancePage';
import { CallsChart } from './CallsChart';

const STATES = ['ready', 'ringing', 'busy', 'afterCallWork', 'notReady', 'offline'] as const;

/** Now: calls waiting, ringing and talking per skill group; agents by state; calls per minute. */
export function LiveView({ instance }: SectionProps) {
  const { t } = useTranslation();
  const api = useApi();
  const source = useMemo(() => pollingLiveSource(api.flows), [api]);
  const { snapshot, error, updatedAt, refresh } = useLive(source, instance);
  const calls = useResource(() => api.flows.calls(instance, { limit: 500 }), [api, instance]);
  useEffect(() => {
    const timer = setInterval(() => void calls.reload(), 10_000);
    return () => clearInterval(timer);
  }, [calls.reload]);
  const stateAction = useAction();
  return (
    <div className="live-view">
      <div className="muted live-updated">
        {updatedAt
          ? t('live.updated', { time: new Date(updatedAt).toLocaleTimeString() })
          : t('common.loading')}
      </div>
      <ErrorBox error={error} />
      <div className="live-grid">
        <section className="panel">
          <h3>{t('live.queues')}</h3>
          <table className="table" aria-label={t('live.queues')}>
            <thead>
              <tr>
                <th>{t('cc.groupName')}</th>
                <th>{t('live.waiting')}</th>
                <th>{t('live.ringing')}</th>
                <th>{t('live.talking')}</th>
                <th>{t('live.longestWait')}</th>
                <th>{t('live.agentsReady')}</th>
                <th>{t('live.agentsBusy')}</th>
              </tr>
            </thead>
            <tbody>
              {snapshot?.skillGroups.map((g) => (
                <tr key={g.groupId}>
                  <td>{g.groupId}</td>
                  <td className={g.waiting ? 'num-hot' : ''}>{g.waiting}</td>
                  <td>{g.ringing}</td>
                  <td>{g.talking}</td>
                  <td>{g.longestWaitMs ? formatMs(g.longestWaitMs) : '—'}</td>
                  <td>{g.agents['ready'] ?? 0}</td>
                  <td>{(g.agents['busy'] ?? 0) + (g.agents['ringing'] ?? 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="panel">
          <h3>{t('live.agentsByState')}</h3>
          <div className="state-counts">
            {STATES.map((s) => (
              <div key={s} className={`state-count state-${s}`}>
                <span className="state-count-n">
                  {snapshot?.agents.filter((a) => a.state === s).length ?? 0}
                </span>
                <span>{t(`agentState.${s}`)}</span>
              </div>
            ))}
          </div>
          <ErrorBox error={stateAction.error} onClose={stateAction.clear} />
          <table className="table table-compact">
            <tbody>
              {snapshot?.agents.map((a) => (
                <tr key={a.agentId}>
                  <td className="mono">{a.agentId}</td>
                  <td>
                    <span className={`state-dot state-${a.state}`} />{' '}
                    {t(`agentState.${a.state}` as 'agentState.ready', { defaultValue: a.state })}
                    {a.reason ? ` (${a.reason})` : ''}
                  </td>
                  <td>
                    <select
                      aria-label={t('live.setState', { agent: a.agentId })}
                      value=""
                      onChange={(e) => {
                        const state = e.target.value as 'ready' | 'notReady' | 'offline';
                        if (state)
                          void stateAction
                            .run(() => api.cc.setAgentState(instance, a.agentId, state))
                            .then(refresh);
                      }}
                    >
                      <option value="">{t('live.changeState')}</option>
                      <option value="ready">{t('agentState.ready')}</option>
                      <option value="notReady">{t('agentState.notReady')}</option>
                      <option value="offline">{t('agentState.offline')}</option>
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      <section className="panel">
        <CallsChart calls={calls.data ?? []} now={updatedAt ?? Date.now()} />
      </section>
    </div>
  );
}
