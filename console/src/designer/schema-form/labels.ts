import type { TFunction } from 'i18next';
import type { JsonSchema } from '../../api/flow-types';
import { schemaTextZh } from '../../i18n/schema-text-zh';

function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A field's label: the console's translation when it has one, else the property name in words. */
export function fieldLabel(t: TFunction, key: string): string {
  return t(`field.${key}` as 'field.prompt', { defaultValue: humanize(key) });
}

/**
 * A field's hint: the schema's description (the API serves it in English; known ones are shown
 * in Chinese), else the console's own hint for that property.
 */
export function fieldHint(t: TFunction, key: string, schema: JsonSchema, lang: string): string | undefined {
  const d = schema.description;
  if (d) return lang.startsWith('zh') ? (schemaTextZh[d] ?? d) : d;
  return t(`fieldHint.${key}` as 'fieldHint.mappings', { defaultValue: '' }) || undefined;
}

/** An enum or const value's label (equals → 等于); unknown values are shown as they are. */
export function valueLabel(t: TFunction, value: string): string {
  if (value === '') return t('designer.none');
  return t(`value.${value}` as 'value.tts', { defaultValue: value });
}
