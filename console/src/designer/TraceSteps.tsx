import { useTranslation } from 'react-i18next';
import type { ModuleDescription, Trace, TraceStep } from '../api/flow-types';
import { formatMs } from '../components/format';
import { textSide } from '../i18n';
import { exitLabel } from './ModuleNode';
import { variablesAt } from './trace';

/** The steps of a call in order; the chosen one shows its variables, changes and function call. */
export function TraceSteps({
  trace,
  defs,
  selected,
  onSelect,
}: {
  trace: Trace;
  defs: ReadonlyMap<string, ModuleDescription>;
  selected: number | undefined;
  onSelect(index: number | undefined): void;
}) {
  const { t, i18n } = useTranslation();
  const side = textSide(i18n.language);
  return (
    <ol className="trace-steps" aria-label={t('trace.steps')}>
      {trace.steps.map((s, i) => (
        <li
          key={s.seq}
          className={`trace-step${selected === i ? ' selected' : ''}${s.error ? ' step-error' : ''}`}
        >
          <button
            type="button"
            className="trace-step-head"
            data-module={s.moduleId}
            onClick={() => onSelect(selected === i ? undefined : i)}
          >
            <span className="step-badge">{s.seq}</span>
            <span className="trace-step-title">
              {s.moduleName || s.moduleId}
              <span className="muted"> · {defs.get(s.moduleType)?.title[side] ?? s.moduleType}</span>
            </span>
            <span className="trace-step-exit">
              {s.exit
                ? `${exitLabel(t, s.exit)}${s.next ? ` → ${s.next}` : ''}`
                : s.end
                  ? t('trace.end')
                  : ''}
            </span>
            <span className="muted">{formatMs(s.durationMs)}</span>
          </button>
          {selected === i && <StepDetail step={s} variables={variablesAt(trace, i)} />}
        </li>
      ))}
    </ol>
  );
}

function StepDetail({ step, variables }: { step: TraceStep; variables: Record<string, string> }) {
  const { t } = useTranslation();
  const fn = step.detail?.function;
  const { function: _fn, ...otherDetail } = step.detail ?? {};
  return (
    <div className="trace-step-detail">
      {step.error && <div className="field-error">{step.error}</div>}
      {step.changes && step.changes.length > 0 && (
        <>
          <h5>{t('trace.changes')}</h5>
          <ul className="changes">
            {step.changes.map((c) => (
              <li key={c.name}>
                <code>{c.name}</code>: {c.before === '' ? '∅' : c.before} → <strong>{c.after}</strong>
              </li>
            ))}
          </ul>
        </>
      )}
      {fn && (
        <>
          <h5>{t('trace.functionCall')}</h5>
          <dl className="facts facts-compact">
            <dt>{t('trace.entry')}</dt>
            <dd className="mono">{fn.entry}</dd>
            <dt>{t('trace.event')}</dt>
            <dd className="mono">{JSON.stringify(fn.event)}</dd>
            <dt>{t('fn.requestId')}</dt>
            <dd className="mono" data-testid="trace-request-id">
              {fn.requestId ?? '—'}
            </dd>
            <dt>{t('fn.duration')}</dt>
            <dd>{formatMs(fn.durationMs)}</dd>
            <dt>{t('fn.returned')}</dt>
            <dd className="mono" data-testid="trace-function-result">
              {fn.result === undefined ? '—' : String(fn.result)}
            </dd>
            {fn.error && (
              <>
                <dt>{t('fn.error')}</dt>
                <dd className="field-error">
                  {fn.error.type}: {fn.error.message}
                </dd>
              </>
            )}
          </dl>
          {fn.logTail && <pre className="log">{fn.logTail}</pre>}
        </>
      )}
      {Object.keys(otherDetail).length > 0 && (
        <pre className="mono small">{JSON.stringify(otherDetail, null, 2)}</pre>
      )}
      {step.end && <pre className="mono small">{JSON.stringify(step.end)}</pre>}
      <h5>{t('trace.variables')}</h5>
      <table className="table table-compact">
        <tbody>
          {Object.entries(variables).map(([k, v]) => (
            <tr key={k}>
              <td className="mono">{k}</td>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
