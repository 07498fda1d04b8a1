import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModuleDescription, SimulationResult, Trace } from '../api/flow-types';
import type { SimulationRequest } from '../api/flows';
import { ErrorBox } from '../components/ErrorBox';
import { useAction } from '../hooks/action';
import { useApi } from '../hooks/auth';
import { useDesigner } from './context';
import { Outcome } from './Outcome';
import { TestCases } from './TestCases';
import { TraceSteps } from './TraceSteps';

type AgentBehaviour = NonNullable<SimulationRequest['agents']>[string];

/** Simulate a call on the draft (caller number, digits pressed, agents' behaviour) and follow its trace. */
export function TestPanel({
  instance,
  flow,
  defs,
  ensureSaved,
  trace,
  onTrace,
  selectedStep,
  onSelectStep,
}: {
  instance: string;
  flow: string;
  defs: ReadonlyMap<string, ModuleDescription>;
  ensureSaved(): Promise<boolean>;
  trace: Trace | undefined;
  onTrace(trace: Trace | undefined): void;
  selectedStep: number | undefined;
  onSelectStep(i: number | undefined): void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const { resources } = useDesigner();
  const [ani, setAni] = useState('13800138000');
  const [dnis, setDnis] = useState('');
  const [answers, setAnswers] = useState('');
  const [agents, setAgents] = useState<Record<string, AgentBehaviour>>({});
  const [result, setResult] = useState<SimulationResult | undefined>(undefined);
  const action = useAction();
  const request = (): SimulationRequest => ({
    flow,
    draft: true,
    ani: ani.trim(),
    ...(dnis.trim() ? { dnis: dnis.trim() } : {}),
    answers: answers.trim() ? answers.split(',').map((a) => a.trim()) : [],
    agents,
  });
  const simulate = async () => {
    onTrace(undefined);
    if (!(await ensureSaved())) return;
    const out = await action.run(() => api.flows.simulate(instance, request()));
    if (out) {
      setResult(out);
      onTrace(out.trace);
      onSelectStep(undefined);
    }
  };
  const setAgent = (login: string, patch: AgentBehaviour) =>
    setAgents((a) => ({ ...a, [login]: { ...(a[login] ?? {}), ...patch } }));
  return (
    <div className="test-panel" data-testid="test-panel">
      <form
        className="sim-form"
        onSubmit={(e) => {
          e.preventDefault();
          void simulate();
        }}
      >
        <div className="form-grid">
          <div className="field">
            <label htmlFor="sim-ani">{t('sim.ani')}</label>
            <input id="sim-ani" value={ani} onChange={(e) => setAni(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="sim-dnis">{t('sim.dnis')}</label>
            <input id="sim-dnis" value={dnis} placeholder="10000" onChange={(e) => setDnis(e.target.value)} />
          </div>
        </div>
        <div className="field">
          <label htmlFor="sim-answers">{t('sim.answers')}</label>
          <input
            id="sim-answers"
            value={answers}
            placeholder="1, 2#"
            onChange={(e) => setAnswers(e.target.value)}
          />
          <div className="hint">{t('sim.answersHint')}</div>
        </div>
        {resources.agents.length > 0 && (
          <details className="sim-agents">
            <summary>{t('sim.agents')}</summary>
            <table className="table table-compact">
              <tbody>
                {resources.agents.map((a) => (
                  <tr key={a.id}>
                    <td className="mono">{a.loginName}</td>
                    <td>
                      <select
                        aria-label={t('sim.agentState', { agent: a.loginName })}
                        value={agents[a.loginName]?.state ?? 'ready'}
                        onChange={(e) =>
                          setAgent(a.loginName, { state: e.target.value as AgentBehaviour['state'] })
                        }
                      >
                        <option value="ready">{t('agentState.ready')}</option>
                        <option value="notReady">{t('agentState.notReady')}</option>
                        <option value="offline">{t('agentState.offline')}</option>
                      </select>
                    </td>
                    <td>
                      <label className="inline-label">
                        <input
                          type="checkbox"
                          checked={agents[a.loginName]?.answers ?? true}
                          onChange={(e) => setAgent(a.loginName, { answers: e.target.checked })}
                        />
                        {t('sim.answersCall')}
                      </label>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        )}
        <div className="toolbar">
          <button type="submit" className="button button-primary" disabled={action.busy || !ani.trim()}>
            {t('sim.call')}
          </button>
          {trace && (
            <button
              type="button"
              className="button"
              onClick={() => {
                onTrace(undefined);
                setResult(undefined);
              }}
            >
              {t('sim.clear')}
            </button>
          )}
        </div>
      </form>
      <ErrorBox error={action.error} onClose={action.clear} />
      {result && trace && (
        <section className="sim-result" aria-label={t('sim.result')}>
          <div className="sim-outcome">
            <Outcome outcome={result.outcome} />
          </div>
          <TraceSteps trace={trace} defs={defs} selected={selectedStep} onSelect={onSelectStep} />
        </section>
      )}
      <TestCases
        instance={instance}
        flow={flow}
        ensureSaved={ensureSaved}
        lastCall={result && { request: request(), result }}
      />
    </div>
  );
}
