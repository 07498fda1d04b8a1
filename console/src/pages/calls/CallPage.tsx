import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallPartyRecord, CallRecord, CallRecording, FlowDocument } from '../../api/flow-types';
import { AudioPlayer } from '../../components/AudioPlayer';
import { ErrorBox } from '../../components/ErrorBox';
import { formatSeconds, formatTime } from '../../components/format';
import { Loaded } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { emptyResources } from '../../designer/context';
import { Outcome } from '../../designer/Outcome';
import { TraceGraph } from '../../designer/TraceGraph';
import { TraceSteps } from '../../designer/TraceSteps';
import { rewindVariables } from '../../designer/trace';
import { useApi } from '../../hooks/auth';
import { useResource } from '../../hooks/resource';
import { href } from '../../router/routes';

/** One call: its facts, the trace drawn over the flow version it ran, and the steps listed. */
export function CallPage({ instance, callId }: { instance: string; callId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const call = useResource(() => api.flows.call(instance, callId), [api, instance, callId]);
  const running = call.data?.status === 'running';
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void call.reload(), 1000);
    return () => clearInterval(timer);
  }, [running, call.reload]);
  return (
    <>
      <PageHeader
        crumbs={[
          { label: t('nav.instances'), to: href.instances() },
          { label: instance, to: href.instance(instance) },
          { label: t('section.calls'), to: href.instance(instance, 'calls') },
          { label: callId },
        ]}
        title={t('calls.callTitle', { ani: call.data?.ani ?? '' })}
      />
      <Loaded resource={call}>{(c) => <CallView instance={instance} call={c} />}</Loaded>
    </>
  );
}

function CallView({ instance, call }: { instance: string; call: CallRecord }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [step, setStep] = useState<number | undefined>(undefined);
  const flowName = call.flow?.name;
  const version = call.flow?.version ?? null;
  const graph = useResource(async () => {
    const modules = await api.flows.modules();
    let doc: FlowDocument | undefined;
    if (flowName)
      doc =
        version === null
          ? (await api.flows.get(instance, flowName)).draft
          : await api.flows.version(instance, flowName, version);
    const entries = await api.cc.entries(instance).catch(() => []);
    return { modules, doc, entries };
  }, [api, instance, flowName, version]);
  const defs = useMemo(() => new Map((graph.data?.modules ?? []).map((m) => [m.type, m])), [graph.data]);
  const resources = useMemo(() => ({ ...emptyResources, entries: graph.data?.entries ?? [] }), [graph.data]);
  const trace = useMemo(
    () =>
      call.trace && {
        ...call.trace,
        initialVariables: call.trace.initialVariables ?? rewindVariables(call.variables ?? {}, call.trace),
      },
    [call.trace, call.variables],
  );
  return (
    <div className="call-view">
      <dl className="facts facts-wide">
        <dt>{t('calls.outcome')}</dt>
        <dd>
          <Outcome outcome={call.outcome} />
        </dd>
        <dt>{t('calls.ani')}</dt>
        <dd className="mono">{call.ani}</dd>
        <dt>{t('calls.dnis')}</dt>
        <dd className="mono">{call.dnis}</dd>
        <dt>{t('calls.flow')}</dt>
        <dd>{flowName ? `${flowName} ${version === null ? t('calls.draftNote') : `v${version}`}` : '—'}</dd>
        <dt>{t('calls.started')}</dt>
        <dd>{formatTime(call.startedAt, i18n.language)}</dd>
        <dt>{t('calls.ended')}</dt>
        <dd>{formatTime(call.endedAt, i18n.language)}</dd>
        <dt>{t('calls.channel')}</dt>
        <dd>{call.channel}</dd>
        <dt>ID</dt>
        <dd className="mono">{call.id}</dd>
        {call.hangupBy && (
          <>
            <dt>{t('calls.hangup')}</dt>
            <dd>
              {hangupByText(t, call.hangupBy)}
              {call.hangupCause && <span className="muted"> · {call.hangupCause}</span>}
            </dd>
          </>
        )}
        {call.agent && (
          <>
            <dt>{t('calls.skillGroup')}</dt>
            <dd>{call.agent.skillGroup ?? '—'}</dd>
            <dt>{t('calls.agent')}</dt>
            <dd className="mono">{call.agent.loginName ?? '—'}</dd>
            <dt>{t('calls.queueTime')}</dt>
            <dd>{formatSeconds(call.agent.queueMs)}</dd>
            <dt>{t('calls.ringAttempts')}</dt>
            <dd>{call.agent.ringAttempts ?? '—'}</dd>
            <dt>{t('calls.agentAnswered')}</dt>
            <dd>{formatTime(call.agent.answeredAt, i18n.language)}</dd>
            <dt>{t('calls.talkTime')}</dt>
            <dd>{formatSeconds(call.agent.talkMs)}</dd>
          </>
        )}
      </dl>
      {(call.parties?.length ?? 0) > 1 && <Parties parties={call.parties ?? []} />}
      {(call.recordings?.length ?? 0) > 0 && (
        <Recordings instance={instance} callId={call.id} recordings={call.recordings ?? []} />
      )}
      {trace ? (
        <div className="call-trace">
          <div className="call-graph">
            <ErrorBox error={graph.error} />
            {graph.data?.doc && (
              <TraceGraph doc={graph.data.doc} defs={defs} resources={resources} trace={trace} step={step} />
            )}
          </div>
          <div className="call-steps">
            <h3>{t('trace.steps')}</h3>
            <TraceSteps trace={trace} defs={defs} selected={step} onSelect={setStep} />
          </div>
        </div>
      ) : (
        <div className="empty">{t('trace.none')}</div>
      )}
    </div>
  );
}

function hangupByText(t: ReturnType<typeof useTranslation>['t'], by: string): string {
  return by === 'caller' || by === 'hotline' || by === 'system' ? t(`calls.hangupBy.${by}`) : by;
}

/** The call's recordings, each playable in the page and downloadable as WAV. */
/** Everyone the caller talked to, in order: shown when the call was transferred on. */
function Parties({ parties }: { parties: CallPartyRecord[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="panel" aria-label={t('calls.parties')}>
      <h3>{t('calls.parties')}</h3>
      <table className="table table-compact">
        <thead>
          <tr>
            <th>{t('calls.party')}</th>
            <th>{t('calls.skillGroup')}</th>
            <th>{t('calls.queueTime')}</th>
            <th>{t('calls.agentAnswered')}</th>
            <th>{t('calls.talkTime')}</th>
          </tr>
        </thead>
        <tbody>
          {parties.map((p) => (
            <tr key={`${p.name}@${p.answeredAt}`} data-party={p.name}>
              <td className="mono">{p.kind === 'agent' ? `${t('calls.agent')} ${p.name}` : p.name}</td>
              <td>{p.skillGroup ?? '—'}</td>
              <td>{formatSeconds(p.queueMs)}</td>
              <td>{formatTime(p.answeredAt, i18n.language)}</td>
              <td>{formatSeconds(p.talkMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Recordings({
  instance,
  callId,
  recordings,
}: {
  instance: string;
  callId: string;
  recordings: CallRecording[];
}) {
  const { t } = useTranslation();
  const api = useApi();
  return (
    <section className="panel recordings" aria-label={t('calls.recordings')}>
      <h3>{t('calls.recordings')}</h3>
      <table className="table table-compact">
        <tbody>
          {recordings.map((r) => (
            <tr key={r.id} data-recording={r.id}>
              <td>
                {r.kind === 'call'
                  ? t('calls.recordingCall')
                  : r.kind === 'voicemail'
                    ? t('calls.recordingVoicemail', { mailbox: r.mailbox ?? '' })
                    : r.kind}
              </td>
              <td>{formatSeconds(r.durationMs)}</td>
              <td>
                <AudioPlayer
                  load={() => api.flows.recording(instance, callId, r.id)}
                  label={t('calls.recordingAudio', { id: r.id })}
                  filename={`${callId}-${r.id}.wav`}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
