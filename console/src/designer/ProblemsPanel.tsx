import { useTranslation } from 'react-i18next';
import type { FlowProblem } from '../api/flow-types';

/** Every problem the validator found; a click selects the module it is about. */
export function ProblemsPanel({
  problems,
  onSelect,
  onClose,
}: {
  problems: FlowProblem[];
  onSelect(moduleId: string): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  return (
    <section className="problems-panel" aria-label={t('designer.problems')}>
      <div className="panel-head">
        <h4>{t('designer.problemsTitle', { count: problems.length })}</h4>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('common.close')}>
          ×
        </button>
      </div>
      {problems.length === 0 ? (
        <div className="muted">{t('designer.noProblems')}</div>
      ) : (
        <ul className="problem-list">
          {problems.map((p, i) => (
            <li key={i} className={`problem problem-${p.severity}`}>
              <span className="problem-severity">
                {p.severity === 'error' ? t('designer.error') : t('designer.warning')}
              </span>
              {p.moduleId ? (
                <button type="button" className="link-button" onClick={() => onSelect(p.moduleId ?? '')}>
                  {p.moduleId}
                </button>
              ) : (
                <span className="muted">{t('designer.wholeFlow')}</span>
              )}
              <span>{p.message}</span>
              <code className="muted">{p.code}</code>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
