import { useTranslation } from 'react-i18next';
import { deref, initialValue } from '../schema';
import { pathKey, useSchemaForm } from './context';
import { FormRow } from './FormRow';
import { fieldHint, fieldLabel, valueLabel } from './labels';
import { type FieldProps, SchemaField } from './SchemaField';

/** A list: checkboxes for a set of enum values, else one card per item with add, move and remove. */
export function ArrayField({ name, schema, value, onChange, path, required }: FieldProps) {
  const { t, i18n } = useTranslation();
  const { root, readOnly, problemsAt } = useSchemaForm();
  const list = Array.isArray(value) ? value : [];
  const items = deref(schema.items ?? {}, root);
  const label = fieldLabel(t, name);
  const hint = fieldHint(t, name, schema, i18n.language);

  if (items.type === 'string' && items.enum) {
    const chosen = new Set(list.map(String));
    return (
      <FormRow label={label} hint={hint} path={path} required={required}>
        {() => (
          <div className="checkbox-row" data-field={pathKey(path)}>
            {items.enum?.map((v) => (
              <label key={String(v)}>
                <input
                  type="checkbox"
                  disabled={readOnly}
                  checked={chosen.has(String(v))}
                  onChange={(e) =>
                    onChange(
                      (items.enum ?? []).filter((x) => (x === v ? e.target.checked : chosen.has(String(x)))),
                    )
                  }
                />
                {valueLabel(t, String(v))}
              </label>
            ))}
          </div>
        )}
      </FormRow>
    );
  }

  const set = (next: unknown[]) => onChange(next.length === 0 && !required ? undefined : next);
  const move = (i: number, by: number) => {
    const next = [...list];
    const [it] = next.splice(i, 1);
    next.splice(i + by, 0, it);
    set(next);
  };
  const max = schema.maxItems ?? Number.POSITIVE_INFINITY;
  return (
    <fieldset className="form-group array-group" data-field={pathKey(path)}>
      <legend>
        {label}
        {required && (
          <span className="required" aria-hidden="true">
            *
          </span>
        )}
      </legend>
      {hint && <div className="hint">{hint}</div>}
      {problemsAt(path).map((p) => (
        <div key={p} className="field-error">
          {p}
        </div>
      ))}
      {list.map((item, i) => (
        <div className="array-item" key={i}>
          <div className="array-item-head">
            <span>#{i + 1}</span>
            {!readOnly && (
              <span className="array-item-actions">
                <button
                  type="button"
                  className="icon-button"
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                  aria-label={t('designer.moveUp')}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="icon-button"
                  disabled={i === list.length - 1}
                  onClick={() => move(i, 1)}
                  aria-label={t('designer.moveDown')}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="icon-button"
                  onClick={() => set(list.filter((_, j) => j !== i))}
                  aria-label={t('designer.removeItem', { n: i + 1 })}
                >
                  ×
                </button>
              </span>
            )}
          </div>
          <SchemaField
            name="item"
            schema={items}
            value={item}
            onChange={(v) => set(list.map((x, j) => (j === i ? v : x)))}
            path={[...path, i]}
            required
          />
        </div>
      ))}
      {!readOnly && list.length < max && (
        <button
          type="button"
          className="link-button"
          data-add={pathKey(path)}
          onClick={() => set([...list, initialValue(items, root)])}
        >
          + {t('designer.addItem', { what: label })}
        </button>
      )}
    </fieldset>
  );
}
