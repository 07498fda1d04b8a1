import { useTranslation } from 'react-i18next';

export interface Pair {
  key: string;
  value: string;
}

/** Rows of name/value (environment variables, test parameters). */
export function KeyValueEditor({
  pairs,
  onChange,
  keyLabel,
  valueLabel,
  addLabel,
}: {
  pairs: Pair[];
  onChange(pairs: Pair[]): void;
  keyLabel: string;
  valueLabel: string;
  addLabel: string;
}) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<Pair>) =>
    onChange(pairs.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  return (
    <div className="kv-editor">
      {pairs.length > 0 && (
        <div className="kv-row kv-head">
          <span>{keyLabel}</span>
          <span>{valueLabel}</span>
          <span />
        </div>
      )}
      {pairs.map((p, i) => (
        <div className="kv-row" key={i}>
          <input aria-label={keyLabel} value={p.key} onChange={(e) => set(i, { key: e.target.value })} />
          <input
            aria-label={valueLabel}
            value={p.value}
            onChange={(e) => set(i, { value: e.target.value })}
          />
          <button
            type="button"
            className="icon-button"
            aria-label={t('common.remove')}
            onClick={() => onChange(pairs.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="link-button"
        onClick={() => onChange([...pairs, { key: '', value: '' }])}
      >
        + {addLabel}
      </button>
    </div>
  );
}

export const pairsOf = (record: Record<string, string>): Pair[] =>
  Object.entries(record).map(([key, value]) => ({ key, value }));

export const recordOf = (pairs: Pair[]): Record<string, string> =>
  Object.fromEntries(pairs.filter((p) => p.key.trim() !== '').map((p) => [p.key.trim(), p.value]));
