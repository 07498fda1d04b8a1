import { useTranslation } from 'react-i18next';
import type { VariableDeclaration } from '../api/flow-types';
import { useDesigner } from './context';
import type { FlowMeta, ModuleNode } from './model';
import { SYSTEM_VARIABLES } from './variables';

/** The flow's own settings (shown when no module is selected): variables, fallback module. */
export function FlowSettingsPanel({
  meta,
  nodes,
  onMeta,
}: {
  meta: FlowMeta;
  nodes: ModuleNode[];
  onMeta(meta: FlowMeta): void;
}) {
  const { t } = useTranslation();
  const { readOnly } = useDesigner();
  const vars = meta.variables;
  const setVar = (i: number, patch: Partial<VariableDeclaration>) =>
    onMeta({ ...meta, variables: vars.map((v, j) => (j === i ? { ...v, ...patch } : v)) });
  return (
    <div className="property-panel">
      <div className="panel-head">
        <h3>{t('designer.flowSettings')}</h3>
      </div>
      <p className="hint">{t('designer.selectHint')}</p>
      <div className="field">
        <label htmlFor="flow-description">{t('common.description')}</label>
        <textarea
          id="flow-description"
          rows={2}
          disabled={readOnly}
          value={meta.description ?? ''}
          onChange={(e) => onMeta({ ...meta, description: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="flow-fallback">{t('designer.fallback')}</label>
        <select
          id="flow-fallback"
          disabled={readOnly}
          value={meta.fallbackModuleId ?? ''}
          onChange={(e) => {
            const { fallbackModuleId: _old, ...rest } = meta;
            onMeta(e.target.value ? { ...rest, fallbackModuleId: e.target.value } : rest);
          }}
        >
          <option value="">{t('designer.noFallback')}</option>
          {nodes.map((n) => (
            <option key={n.id} value={n.id}>
              {n.data.name ? `${n.data.name} (${n.id})` : n.id}
            </option>
          ))}
        </select>
        <div className="hint">{t('designer.fallbackHint')}</div>
      </div>
      <fieldset className="form-group">
        <legend>{t('designer.variables')}</legend>
        <div className="hint">
          {t('designer.systemVariables')}: {SYSTEM_VARIABLES.join(', ')}
        </div>
        {vars.map((v, i) => (
          <div className="kv-row kv-row-3" key={i}>
            <input
              aria-label={t('designer.variableName')}
              placeholder={t('designer.variableName')}
              disabled={readOnly}
              value={v.name}
              onChange={(e) => setVar(i, { name: e.target.value })}
            />
            <input
              aria-label={t('common.description')}
              placeholder={t('common.description')}
              disabled={readOnly}
              value={v.description ?? ''}
              onChange={(e) => setVar(i, { description: e.target.value || undefined })}
            />
            <input
              aria-label={t('designer.initialValue')}
              placeholder={t('designer.initialValue')}
              disabled={readOnly}
              value={v.initial ?? ''}
              onChange={(e) => setVar(i, { initial: e.target.value || undefined })}
            />
            {!readOnly && (
              <button
                type="button"
                className="icon-button"
                aria-label={t('common.remove')}
                onClick={() => onMeta({ ...meta, variables: vars.filter((_, j) => j !== i) })}
              >
                ×
              </button>
            )}
          </div>
        ))}
        {!readOnly && (
          <button
            type="button"
            className="link-button"
            onClick={() => onMeta({ ...meta, variables: [...vars, { name: '' }] })}
          >
            + {t('designer.addVariable')}
          </button>
        )}
      </fieldset>
    </div>
  );
}
