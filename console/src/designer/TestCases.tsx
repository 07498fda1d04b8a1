import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SimulationResult, TestCaseReport } from '../api/flow-types';
import type { SimulationRequest } from '../api/flows';
import { ErrorBox } from '../components/ErrorBox';
import { useAction } from '../hooks/action';
import { useApi } from '../hooks/auth';
import { useResource } from '../hooks/resource';

/** The flow's saved test cases: save the last simulated call as one, run them all, pass/fail. */
export function TestCases({
  instance,
  flow,
  ensureSaved,
  lastCall,
}: {
  instance: string;
  flow: string;
  ensureSaved(): Promise<boolean>;
  lastCall: { request: SimulationRequest; result: SimulationResult } | undefined;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const cases = useResource(() => api.flows.testCases(instance, flow), [api, instance, flow]);
  const [reports, setReports] = useState<TestCaseReport[] | undefined>(undefined);
  const [name, setName] = useState('');
  const action = useAction();
  const run = async () => {
    if (!(await ensureSaved())) return;
    const out = await action.run(() => api.flows.runTestCases(instance, flow));
    if (out) setReports(out.reports);
  };
  const save = async () => {
    if (!lastCall?.result.outcome) return;
    const { kind, target, skillGroup, number } = lastCall.result.outcome;
    const outcome = Object.fromEntries(
      Object.entries({ kind, target, skillGroup, number }).filter(([, v]) => v !== undefined),
    );
    const { ani, dnis, answers } = lastCall.request;
    const saved = await action.run(() =>
      api.flows.saveTestCase(instance, flow, {
        name: name.trim(),
        call: { ani, ...(dnis ? { dnis } : {}), ...(answers?.length ? { answers } : {}) },
        expect: { outcome },
      }),
    );
    if (saved) {
      setName('');
      await cases.reload();
    }
  };
  const reportOf = (n: string) => reports?.find((r) => r.name === n);
  return (
    <section className="test-cases" aria-label={t('sim.testCases')}>
      <div className="panel-head">
        <h4>{t('sim.testCases')}</h4>
        <button
          type="button"
          className="button button-small"
          disabled={action.busy || !cases.data?.length}
          onClick={() => void run()}
        >
          {t('sim.runAll')}
        </button>
      </div>
      <ErrorBox error={action.error ?? cases.error} onClose={action.clear} />
      {reports && (
        <div className="notice" data-testid="test-case-summary">
          {t('sim.passedFailed', {
            passed: reports.filter((r) => r.passed).length,
            failed: reports.filter((r) => !r.passed).length,
          })}
        </div>
      )}
      <ul className="case-list">
        {cases.data?.map((c) => {
          const r = reportOf(c.name);
          return (
            <li key={c.name}>
              <div className="case-head">
                {r && (
                  <span className={`status status-${r.passed ? 'success' : 'error'}`}>
                    {r.passed ? t('sim.pass') : t('sim.fail')}
                  </span>
                )}
                <span className="case-name">{c.name}</span>
                <span className="muted mono">{c.call.ani}</span>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={t('common.delete')}
                  onClick={async () => {
                    await action.run(() => api.flows.deleteTestCase(instance, flow, c.name));
                    await cases.reload();
                  }}
                >
                  ×
                </button>
              </div>
              {r && !r.passed && (
                <ul className="differences">
                  {r.error && <li className="field-error">{r.error}</li>}
                  {r.differences.map((d) => (
                    <li key={d.path}>
                      <code>{d.path}</code>: {t('sim.expected')} {JSON.stringify(d.expected)},{' '}
                      {t('sim.actual')} {JSON.stringify(d.actual)}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
      {lastCall?.result.outcome && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <input
            aria-label={t('sim.caseName')}
            placeholder={t('sim.caseName')}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit" className="button button-small" disabled={!name.trim() || action.busy}>
            {t('sim.saveCase')}
          </button>
        </form>
      )}
    </section>
  );
}
