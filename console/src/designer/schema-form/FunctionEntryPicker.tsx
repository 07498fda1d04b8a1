import { useTranslation } from 'react-i18next';
import { useDesigner } from '../context';
import { findEntry } from '../summary';
import { type Path, pathKey, useSchemaForm } from './context';
import { FormRow } from './FormRow';

/** The function module's function: one of the instance's IVR function entries. */
export function FunctionEntryPicker({
  value,
  onChange,
  path,
  label,
}: {
  value: unknown;
  onChange(value: unknown): void;
  path: Path;
  label: string;
}) {
  const { t } = useTranslation();
  const { resources } = useDesigner();
  const { readOnly } = useSchemaForm();
  const entries = resources.entries;
  const current = findEntry(value, entries);
  const other = value !== undefined && !current && JSON.stringify(value) !== '{}';
  return (
    <FormRow label={label} hint={t('designer.functionHint')} path={path} required>
      {(id) => (
        <select
          id={id}
          data-field={pathKey(path)}
          disabled={readOnly}
          value={current?.id ?? (other ? '__other' : '')}
          onChange={(e) => onChange(e.target.value ? { entryId: e.target.value } : {})}
        >
          <option value="">{entries.length ? t('designer.chooseFunction') : t('designer.noEntries')}</option>
          {other && <option value="__other">{JSON.stringify(value)}</option>}
          {entries.map((e) => (
            <option key={e.id} value={e.id}>
              {e.region} / {e.service} / {e.function} ({e.version === null ? t('cc.latest') : `v${e.version}`}
              )
            </option>
          ))}
        </select>
      )}
    </FormRow>
  );
}
