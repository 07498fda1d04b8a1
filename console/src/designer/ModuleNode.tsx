import { Handle, type NodeProps, Position, useEdges } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { textSide } from '../i18n';
import { useDesigner } from './context';
import { exitsFor } from './exits';
import type { ModuleNode as ModuleNodeType } from './model';
import { moduleSummary } from './summary';

/** A module on the canvas: its title and name, a summary, problems, trace steps, one handle per exit. */
function ModuleNodeView({ id, data, selected }: NodeProps<ModuleNodeType>) {
  const { t, i18n } = useTranslation();
  const { defs, resources, problemsByModule, visits, currentModule } = useDesigner();
  const edges = useEdges();
  const def = defs.get(data.type);
  const connected = edges.filter((e) => e.source === id).map((e) => e.sourceHandle ?? '');
  const exits = exitsFor(def, data.config, connected);
  const problems = problemsByModule.get(id) ?? [];
  const errors = problems.filter((p) => p.severity === 'error');
  const steps = visits.get(id);
  const side = textSide(i18n.language);
  const classes = [
    'module-node',
    `cat-${def?.category ?? 'unknown'}`,
    selected ? 'selected' : '',
    errors.length ? 'has-errors' : problems.length ? 'has-warnings' : '',
    steps ? 'visited' : '',
    currentModule === id ? 'current' : '',
  ];
  return (
    <div className={classes.filter(Boolean).join(' ')} data-testid={`module-${id}`}>
      {data.type !== 'start' && <Handle type="target" position={Position.Top} id="in" />}
      <div className="module-node-head">
        <span className="module-type">
          {def ? def.title[side] : t('designer.unknownType', { type: data.type })}
        </span>
        {steps && (
          <span className="step-badges" title={t('designer.visitedAt')}>
            {steps.map((s) => (
              <span key={s} className="step-badge">
                {s}
              </span>
            ))}
          </span>
        )}
      </div>
      <div className="module-node-name">{data.name || id}</div>
      <div className="module-node-summary">{moduleSummary(data.type, data.config, resources.entries)}</div>
      {problems.length > 0 && (
        <div
          className={`module-node-problems${errors.length ? '' : ' warnings-only'}`}
          title={problems.map((p) => p.message).join('\n')}
        >
          ⚠ {t('designer.problemCount', { count: problems.length })}
        </div>
      )}
      {exits.length > 0 && (
        <div className="module-node-exits">
          {exits.map((e) => (
            <div
              key={e.name}
              className={`exit-port${e.required ? ' required' : ''}`}
              title={e.help ? e.help[side] : e.name}
            >
              <span className="exit-label">{exitLabel(t, e.name)}</span>
              <Handle type="source" position={Position.Bottom} id={e.name} />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

type T = ReturnType<typeof useTranslation>['t'];

const KNOWN_EXITS = new Set([
  'next',
  'success',
  'failure',
  'timeout',
  'invalid',
  'default',
  'open',
  'closed',
  'holiday',
  'overflow',
  'noAnswer',
  'busy',
  'noMessage',
]);

/** Fixed exit names are translated; rule names and keys are the user's own. */
export function exitLabel(t: T, name: string): string {
  return KNOWN_EXITS.has(name) ? t(`exit.${name}` as 'exit.next') : name;
}

export const ModuleNode = memo(ModuleNodeView);
