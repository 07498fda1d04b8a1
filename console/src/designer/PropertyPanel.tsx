import type { Edge } from '@xyflow/react';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FlowProblem } from '../api/flow-types';
import { textSide } from '../i18n';
import { useDesigner } from './context';
import { exitsFor } from './exits';
import { exitLabel } from './ModuleNode';
import { MODULE_ID, type ModuleData, type ModuleNode } from './model';
import { type Path, pathKey, SchemaFormContext, type SchemaFormContextValue } from './schema-form/context';
import { ObjectField } from './schema-form/ObjectField';

/** The selected module: id and name, where each exit goes, and its config drawn from the schema. */
export function PropertyPanel({
  node,
  nodes,
  edges,
  variables,
  onData,
  onRename,
  onConnectExit,
  onDelete,
}: {
  node: ModuleNode;
  nodes: ModuleNode[];
  edges: Edge[];
  variables: string[];
  onData(data: ModuleData): void;
  onRename(id: string): void;
  onConnectExit(exit: string, target: string | undefined): void;
  onDelete(): void;
}) {
  const { t, i18n } = useTranslation();
  const { defs, resources, problemsByModule, readOnly } = useDesigner();
  const def = defs.get(node.data.type);
  const side = textSide(i18n.language);
  const problems = problemsByModule.get(node.id) ?? [];
  const outgoing = edges.filter((e) => e.source === node.id);
  const exits = exitsFor(
    def,
    node.data.config,
    outgoing.map((e) => e.sourceHandle ?? ''),
  );
  const form = useMemo<SchemaFormContextValue | undefined>(
    () =>
      def && {
        root: def.configSchema,
        moduleType: def.type,
        variables,
        readOnly,
        suggestionsFor: (key) => suggestions(key, resources),
        problemsAt: (path: Path) => messagesAt(problems, path),
      },
    [def, variables, readOnly, resources, problems],
  );
  return (
    <div className="property-panel" data-testid="property-panel">
      <div className="panel-head">
        <h3>{def ? def.title[side] : node.data.type}</h3>
        {!readOnly && node.data.type !== 'start' && (
          <button type="button" className="button button-danger-link" onClick={onDelete}>
            {t('designer.deleteModule')}
          </button>
        )}
      </div>
      {def && <p className="hint">{def.help[side]}</p>}
      <IdField id={node.id} taken={nodes.map((n) => n.id)} onRename={onRename} readOnly={readOnly} />
      <div className="field">
        <label htmlFor={`name-${node.id}`}>{t('designer.moduleName')}</label>
        <input
          id={`name-${node.id}`}
          data-field="__name"
          disabled={readOnly}
          value={node.data.name ?? ''}
          onChange={(e) => {
            const { name: _old, ...rest } = node.data;
            onData(e.target.value ? { ...rest, name: e.target.value } : rest);
          }}
        />
      </div>
      {problems.length > 0 && (
        <ul className="problem-list" aria-label={t('designer.problems')}>
          {problems.map((p) => (
            <li
              key={`${p.code}:${pathKey(p.path ?? [])}:${p.message}`}
              className={`problem problem-${p.severity}`}
            >
              {p.message}
            </li>
          ))}
        </ul>
      )}
      {exits.length > 0 && (
        <fieldset className="form-group">
          <legend>{t('designer.exits')}</legend>
          {exits.map((e) => {
            const target = outgoing.find((o) => o.sourceHandle === e.name)?.target ?? '';
            return (
              <div className="field field-exit" key={e.name}>
                <label htmlFor={`exit-${node.id}-${e.name}`} title={e.help?.[side]}>
                  {exitLabel(t, e.name)}
                  {e.required && (
                    <span className="required" aria-hidden="true">
                      *
                    </span>
                  )}
                </label>
                <select
                  id={`exit-${node.id}-${e.name}`}
                  data-exit={e.name}
                  disabled={readOnly}
                  value={target}
                  onChange={(ev) => onConnectExit(e.name, ev.target.value || undefined)}
                >
                  <option value="">
                    {e.otherwise
                      ? t('designer.otherwise', { exit: exitLabel(t, e.otherwise) })
                      : t('designer.notConnected')}
                  </option>
                  {nodes
                    .filter((n) => n.data.type !== 'start')
                    .map((n) => (
                      <option key={n.id} value={n.id}>
                        {n.data.name ? `${n.data.name} (${n.id})` : n.id}
                      </option>
                    ))}
                </select>
              </div>
            );
          })}
        </fieldset>
      )}
      {form && def && Object.keys(def.configSchema.properties ?? {}).length > 0 && (
        <SchemaFormContext.Provider value={form}>
          <div className="config-form">
            <ObjectField
              schema={def.configSchema}
              value={node.data.config}
              onChange={(config) =>
                onData({ ...node.data, config: (config ?? {}) as Record<string, unknown> })
              }
              path={[]}
            />
          </div>
        </SchemaFormContext.Provider>
      )}
    </div>
  );
}

function IdField({
  id,
  taken,
  onRename,
  readOnly,
}: {
  id: string;
  taken: string[];
  onRename(id: string): void;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(id);
  useEffect(() => setText(id), [id]);
  const problem =
    text === id
      ? undefined
      : !MODULE_ID.test(text)
        ? t('designer.idInvalid')
        : taken.includes(text)
          ? t('designer.idTaken')
          : undefined;
  const commit = () => {
    if (text !== id && !problem) onRename(text);
  };
  return (
    <div className={`field${problem ? ' field-invalid' : ''}`}>
      <label htmlFor={`id-${id}`}>{t('designer.moduleId')}</label>
      <input
        id={`id-${id}`}
        data-field="__id"
        className="mono"
        disabled={readOnly}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      {problem && <div className="field-error">{problem}</div>}
    </div>
  );
}

function suggestions(key: string, r: ReturnType<typeof useDesigner>['resources']): string[] | undefined {
  switch (key) {
    case 'skillGroupId':
    case 'mailbox':
      return r.skillGroups.map((g) => g.name);
    case 'agentId':
      return r.agents.map((a) => a.loginName);
    case 'promptId':
      return r.prompts.map((p) => p.name);
    case 'flowId':
      return r.flows;
    default:
      return undefined;
  }
}

function messagesAt(problems: FlowProblem[], path: Path): string[] {
  const key = pathKey(['config', ...path]);
  return problems.filter((p) => p.path && pathKey(p.path) === key).map((p) => p.message);
}
