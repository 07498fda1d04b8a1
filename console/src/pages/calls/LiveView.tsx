import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox';
import { formatMs } from '../../components/format';
import { useAction } from '../../hooks/action';
import { useApi, useAuth } from '../../hooks/auth';
import { socketLiveSource, useLive } from '../../hooks/live';
import type { SectionProps } from '../cc/InstancePage';
import { MinuteChart } from './MinuteChart';

const STATES = ['ready', 'ringing', 'busy', 'afterCallWork', 'notReady', 'offline'] as const;

/** A wait on the chart's axis: 0, then seconds. */
const formatWait = (ms: number) => (ms === 0 ? '0' : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`);

/**
 * Now, pushed over a WebSocket: calls waiting, ringing and talking per skill group; agents by
 * state; calls and average waiting time per minute over the last hour.
 */
export function LiveView({ instance }: SectionProps) {
  const { t } = useTranslation();
  const api = useApi();
  const { key } = useAuth();
  const source = useMemo(() => socketLiveSource(key ?? '', api.flows), [key, api]);
  const { snapshot, error, status, retryInMs, refresh } = useLive(source, instance);
  const minutes = snapshot?.perMinute ?? [];
  const stateAction = useAction();
  return (
    <div className="live-view">
      <div className="muted live-updated" role="status" data-status={status}>
        <span className={`live-dot live-dot-${status}`} />{' '}
        {status === 'live' && snapshot
          ? t('live.connected', { time: new Date(snapshot.at).toLocaleTimeString() })
          : status === 'reconnecting'
            ? t('live.reconnecting', { seconds: Math.ceil((retryInMs ?? 0) / 1000) })
            : t('live.connecting')}
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
      <div className="live-charts">
        <section className="panel">
          <MinuteChart
            title={t('live.callsPerMinute')}
            minutes={minutes.map((m) => m.minute)}
            series={[
              {
                label: t('live.queued'),
                kind: 'bar',
                className: 'chart-bar',
                values: minutes.map((m) => m.queued),
              },
              {
                label: t('live.answered'),
                kind: 'dots',
                className: 'chart-answered',
                values: minutes.map((m) => m.answered),
              },
              {
                label: t('live.abandoned'),
                kind: 'dots',
                className: 'chart-abandoned',
                values: minutes.map((m) => m.abandoned),
              },
            ]}
          />
        </section>
        <section className="panel">
          <MinuteChart
            title={t('live.waitTime')}
            minutes={minutes.map((m) => m.minute)}
            format={formatWait}
            series={[
              {
                label: t('live.averageWait'),
                kind: 'line',
                className: 'chart-wait',
                values: minutes.map((m) => m.averageWaitMs),
              },
            ]}
          />
        </section>
      </div>
    </div>
  );
}
