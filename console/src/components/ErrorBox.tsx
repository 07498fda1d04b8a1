import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client';

/** The API's error as it said it: its message verbatim, with the code beside it. */
export function ErrorBox({ error, onClose }: { error: unknown; onClose?: () => void }) {
  const { t } = useTranslation();
  if (error === undefined || error === null) return null;
  const problems = error instanceof ApiError ? problemList(error.details) : [];
  return (
    <div className="error-box" role="alert">
      <div className="error-box-main">
        {error instanceof ApiError && <span className="error-code">{error.code}</span>}
        <span className="error-message">{errorMessage(error)}</span>
        {onClose && (
          <button type="button" className="link-button" onClick={onClose} aria-label={t('common.dismiss')}>
            ×
          </button>
        )}
      </div>
      {problems.length > 0 && (
        <ul className="error-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function problemList(details: Record<string, unknown> | undefined): string[] {
  const list = details?.['problems'];
  if (!Array.isArray(list)) return [];
  return list.map((p) => {
    if (typeof p === 'string') return p;
    if (typeof p === 'object' && p !== null && 'message' in p) {
      const o = p as { message: unknown; moduleId?: unknown };
      return `${typeof o.moduleId === 'string' ? `${o.moduleId}: ` : ''}${String(o.message)}`;
    }
    return JSON.stringify(p);
  });
}
