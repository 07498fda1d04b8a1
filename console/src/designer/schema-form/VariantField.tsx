import { useTranslation } from 'react-i18next';
import {
  deref,
  discriminatorOf,
  discriminatorValues,
  initialValue,
  isObject,
  matchVariant,
  variantsOf,
} from '../schema';
import { pathKey, useSchemaForm } from './context';
import { FormRow } from './FormRow';
import { fieldLabel, valueLabel } from './labels';
import { ObjectField } from './ObjectField';
import type { FieldProps } from './SchemaField';

/**
 * A oneOf field (a prompt: recorded or TTS; a condition: by operator). A select of the
 * discriminator's values picks the variant; fields the variants share keep their values.
 */
export function VariantField({ name, schema, value, onChange, path, required }: FieldProps) {
  const { t } = useTranslation();
  const { root, readOnly } = useSchemaForm();
  const variants = variantsOf(schema) ?? [];
  const key = discriminatorOf(variants, root);
  const current = value === undefined ? -1 : matchVariant(variants, value, root);
  const options = key
    ? discriminatorValues(variants, key, root)
    : variants.map((_, i) => ({ value: String(i), variant: i }));
  const selected = key && isObject(value) ? String(value[key] ?? '') : current >= 0 ? String(current) : '';

  const choose = (choice: string) => {
    if (choice === '') return onChange(undefined);
    const option = options.find((o) => o.value === choice);
    if (!option) return;
    const variant = deref(variants[option.variant] ?? {}, root);
    const fresh = initialValue(variant, root);
    const next: Record<string, unknown> = isObject(fresh) ? { ...fresh } : {};
    if (isObject(value))
      for (const [k, v] of Object.entries(value))
        if (k !== key && k in (variant.properties ?? {})) next[k] = v;
    if (key) next[key] = variant.properties?.[key]?.const ?? choice;
    onChange(next);
  };
  const variant = current >= 0 ? deref(variants[current] ?? {}, root) : undefined;
  return (
    <div className="form-group variant-group">
      <FormRow label={fieldLabel(t, key && name === 'item' ? key : name)} path={path} required={required}>
        {(id) => (
          <select
            id={id}
            data-field={key ? pathKey([...path, key]) : pathKey(path)}
            disabled={readOnly}
            value={selected}
            onChange={(e) => choose(e.target.value)}
          >
            {(!required || current < 0) && <option value="">{t('designer.none')}</option>}
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {key ? valueLabel(t, o.value) : t('designer.variantN', { n: o.variant + 1 })}
              </option>
            ))}
          </select>
        )}
      </FormRow>
      {variant && <ObjectField schema={variant} value={value} onChange={onChange} path={path} skip={key} />}
    </div>
  );
}
