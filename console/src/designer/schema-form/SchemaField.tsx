import { useTranslation } from 'react-i18next';
import type { JsonSchema } from '../../api/flow-types';
import { deref, variantsOf } from '../schema';
import { ArrayField } from './ArrayField';
import { type Path, pathKey, useSchemaForm } from './context';
import { FormRow } from './FormRow';
import { FunctionEntryPicker } from './FunctionEntryPicker';
import { fieldHint, fieldLabel, valueLabel } from './labels';
import { ObjectField } from './ObjectField';
import { StringField } from './StringField';
import { VariantField } from './VariantField';

export interface FieldProps {
  /** The property name (label and hint), or a label for array items. */
  name: string;
  schema: JsonSchema;
  value: unknown;
  /** undefined removes the property (the server then uses its default). */
  onChange(value: unknown): void;
  path: Path;
  required: boolean;
}

/** One config field, drawn from its JSON Schema. */
export function SchemaField(props: FieldProps) {
  const { t, i18n } = useTranslation();
  const ctx = useSchemaForm();
  const schema = deref(props.schema, ctx.root);
  const { name, value, onChange, path, required } = props;
  const label = fieldLabel(t, name);
  const hint = fieldHint(t, name, schema, i18n.language);

  if (ctx.moduleType === 'function' && pathKey(path) === 'function')
    return <FunctionEntryPicker value={value} onChange={onChange} path={path} label={label} />;
  if (variantsOf(schema)) return <VariantField {...props} schema={schema} />;
  switch (schema.type) {
    case 'object':
      // An item of a list already has its own frame (#1, move, remove).
      if (name === 'item')
        return <ObjectField schema={schema} value={value} onChange={onChange} path={path} />;
      return (
        <fieldset className="form-group">
          <legend>{label}</legend>
          <ObjectField schema={schema} value={value} onChange={onChange} path={path} />
        </fieldset>
      );
    case 'array':
      return <ArrayField {...props} schema={schema} />;
    case 'string':
      if (schema.enum)
        return (
          <FormRow label={label} hint={hint} path={path} required={required}>
            {(id) => (
              <select
                id={id}
                data-field={pathKey(path)}
                disabled={ctx.readOnly}
                value={typeof value === 'string' ? value : ''}
                onChange={(e) => onChange(e.target.value === '' && !required ? undefined : e.target.value)}
              >
                {(!required || typeof value !== 'string') && (
                  <option value="">
                    {schema.default !== undefined
                      ? t('designer.defaultIs', { value: valueLabel(t, String(schema.default)) })
                      : '—'}
                  </option>
                )}
                {schema.enum?.map((v) => (
                  <option key={String(v)} value={String(v)}>
                    {valueLabel(t, String(v))}
                  </option>
                ))}
              </select>
            )}
          </FormRow>
        );
      return <StringField {...props} schema={schema} label={label} hint={hint} />;
    case 'number':
    case 'integer':
      return (
        <FormRow label={label} hint={hint} path={path} required={required}>
          {(id) => (
            <input
              id={id}
              type="number"
              data-field={pathKey(path)}
              disabled={ctx.readOnly}
              min={schema.minimum}
              max={schema.maximum}
              step={schema.type === 'integer' ? 1 : 'any'}
              placeholder={schema.default !== undefined ? String(schema.default) : ''}
              value={typeof value === 'number' ? value : ''}
              onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
            />
          )}
        </FormRow>
      );
    case 'boolean':
      return (
        <FormRow label={label} hint={hint} path={path} required={false} inline>
          {(id) => (
            <input
              id={id}
              type="checkbox"
              data-field={pathKey(path)}
              disabled={ctx.readOnly}
              checked={typeof value === 'boolean' ? value : schema.default === true}
              onChange={(e) => onChange(e.target.checked)}
            />
          )}
        </FormRow>
      );
    default:
      return <JsonField {...props} label={label} hint={hint} />;
  }
}

/** A field the form cannot draw from its schema: edited as JSON. */
function JsonField({
  value,
  onChange,
  path,
  required,
  label,
  hint,
}: FieldProps & { label: string; hint?: string | undefined }) {
  const { readOnly } = useSchemaForm();
  return (
    <FormRow label={label} hint={hint} path={path} required={required}>
      {(id) => (
        <textarea
          id={id}
          className="mono"
          rows={3}
          data-field={pathKey(path)}
          disabled={readOnly}
          defaultValue={value === undefined ? '' : JSON.stringify(value, null, 2)}
          onBlur={(e) => {
            const text = e.target.value.trim();
            if (!text) return onChange(undefined);
            try {
              onChange(JSON.parse(text));
            } catch {
              // left as typed; the validator reports the field
            }
          }}
        />
      )}
    </FormRow>
  );
}
