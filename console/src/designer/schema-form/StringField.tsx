import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { pathKey, useSchemaForm } from './context';
import { FormRow } from './FormRow';
import type { FieldProps } from './SchemaField';

/**
 * Text. A variable field (x-variable) suggests the flow's variables; a template (x-template)
 * offers to insert ${variable}; some properties suggest the instance's skill groups, agents, prompts.
 */
export function StringField({
  name,
  schema,
  value,
  onChange,
  path,
  required,
  label,
  hint,
}: FieldProps & { label: string; hint?: string | undefined }) {
  const { t } = useTranslation();
  const ctx = useSchemaForm();
  const listId = useId();
  const input = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const text = typeof value === 'string' ? value : '';
  const isVariable = schema['x-variable'] === true;
  const isTemplate = schema['x-template'] === true;
  const suggestions = isVariable ? ctx.variables : ctx.suggestionsFor(name);
  const long = (schema.maxLength ?? 0) >= 2000;
  const set = (v: string) => onChange(v === '' && !required ? undefined : v);
  const insert = (variable: string) => {
    const el = input.current;
    const at = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? at;
    set(`${text.slice(0, at)}\${${variable}}${text.slice(end)}`);
    el?.focus();
  };
  const common = {
    ref: input,
    'data-field': pathKey(path),
    disabled: ctx.readOnly,
    value: text,
    placeholder:
      typeof schema.default === 'string' ? schema.default : isVariable ? t('designer.variableName') : '',
  };
  return (
    <FormRow label={label} hint={hint} path={path} required={required}>
      {(id) => (
        <div className="string-field">
          {long ? (
            <textarea id={id} rows={2} {...common} onChange={(e) => set(e.target.value)} />
          ) : (
            <input
              id={id}
              {...common}
              list={suggestions?.length ? listId : undefined}
              onChange={(e) => set(e.target.value)}
            />
          )}
          {suggestions && suggestions.length > 0 && (
            <datalist id={listId}>
              {suggestions.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          )}
          {isTemplate && !ctx.readOnly && (
            <select
              className="insert-variable"
              aria-label={t('designer.insertVariable')}
              value=""
              onChange={(e) => e.target.value && insert(e.target.value)}
            >
              <option value="">{'${…}'}</option>
              {ctx.variables.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          )}
        </div>
      )}
    </FormRow>
  );
}
