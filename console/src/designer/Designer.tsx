import { ReactFlowProvider } from '@xyflow/react';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FlowDocument, FlowProblem, FlowView, ModuleDescription, Trace } from '../api/flow-types';
import { downloadText } from '../components/download';
import { ErrorBox } from '../components/ErrorBox';
import { useAction } from '../hooks/action';
import { useApi } from '../hooks/auth';
import { Canvas } from './Canvas';
import { DesignerContext, type DesignerContextValue, type InstanceResources } from './context';
import { FlowSettingsPanel } from './FlowSettingsPanel';
import { toCanvas, toDocument } from './model';
import { Palette } from './Palette';
import { ProblemsPanel } from './ProblemsPanel';
import { PropertyPanel } from './PropertyPanel';
import { PublishDialog } from './PublishDialog';
import { TestPanel } from './TestPanel';
import { visitedEdgesOf, visitsOf } from './trace';
import { useGraph } from './useGraph';
import { useLiveValidation } from './useLiveValidation';
import { VersionsDialog } from './VersionsDialog';
import { flowVariables } from './variables';

/** The flow designer: palette, canvas, property panel, problems, publish, import/export, test calls. */
export function Designer({
  instance,
  view,
  modules,
  resources,
}: {
  instance: string;
  view: FlowView;
  modules: ModuleDescription[];
  resources: InstanceResources;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const flow = view.name;
  const defs = useMemo(() => new Map(modules.map((m) => [m.type, m])), [modules]);
  const graph = useGraph(view.draft, defs);
  const [saved, setSaved] = useState(() => JSON.stringify(graph.doc));
  const validation = useLiveValidation(api.flows, instance, flow, graph.doc, view.problems);
  const [published, setPublished] = useState(view.publishedVersion);
  const [side, setSide] = useState<'properties' | 'test'>('properties');
  const [showProblems, setShowProblems] = useState(false);
  const [trace, setTrace] = useState<Trace | undefined>(undefined);
  const [step, setStep] = useState<number | undefined>(undefined);
  const [dialog, setDialog] = useState<'publish' | 'versions' | undefined>(undefined);
  const [notice, setNotice] = useState<Notice | undefined>(undefined);
  const [canvasKey, setCanvasKey] = useState(0);
  const [focus, setFocus] = useState<{ x: number; y: number; n: number } | undefined>(undefined);
  const [fitSignal, setFitSignal] = useState(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const action = useAction();
  const dirty = JSON.stringify(graph.doc) !== saved;
  const problems = validation.problems;
  const errors = problems.filter((p) => p.severity === 'error');

  const adopt = (next: FlowView) => {
    graph.reset(next.draft);
    setSaved(JSON.stringify(toDoc(next.draft)));
    validation.set(toDoc(next.draft), next.problems);
    setPublished(next.publishedVersion);
    setCanvasKey((k) => k + 1);
  };
  const save = async () => {
    const doc = graph.doc;
    const out = await action.run(() => api.flows.saveDraft(instance, flow, doc));
    if (!out) return false;
    setSaved(JSON.stringify(doc));
    validation.set(doc, out.problems);
    setNotice({ key: 'designer.saved' });
    return true;
  };
  const ensureSaved = async () => (dirty ? save() : true);
  const publish = async () => {
    setNotice(undefined);
    if (!(await ensureSaved())) return;
    const check = await action.run(() => api.flows.validate(instance, flow));
    if (!check) return;
    validation.set(graph.doc, check.problems);
    if (!check.ok) {
      setShowProblems(true);
      setNotice({
        key: 'designer.fixBeforePublish',
        values: { count: check.problems.filter((p) => p.severity === 'error').length },
      });
      return;
    }
    setDialog('publish');
  };
  const exportAs = async (format: 'json' | 'yaml', version?: number) => {
    if (version === undefined && !(await ensureSaved())) return;
    const text = await action.run(() => api.flows.exportText(instance, flow, format, version));
    if (text !== undefined)
      downloadText(
        `${flow}${version ? `-v${version}` : ''}.${format}`,
        text,
        format === 'json' ? 'application/json' : 'application/yaml',
      );
  };
  const importFile = async (file: File) => {
    const format = /\.ya?ml$/i.test(file.name) ? 'yaml' : 'json';
    const text = await file.text();
    const next = await action.run(() => api.flows.importText(instance, flow, text, format));
    if (next) {
      adopt(next);
      setNotice({ key: 'designer.imported', values: { file: file.name } });
    }
  };

  const selected = graph.nodes.find((n) => n.selected);
  const variables = useMemo(
    () => flowVariables(graph.nodes, graph.meta.variables, defs),
    [graph.nodes, graph.meta.variables, defs],
  );
  const visitedEdges = useMemo(() => visitedEdgesOf(trace), [trace]);
  const shownEdges = useMemo(
    () =>
      graph.edges.map((e) =>
        visitedEdges.has(e.id) ? { ...e, className: 'edge-visited', animated: true } : e,
      ),
    [graph.edges, visitedEdges],
  );
  const context = useMemo<DesignerContextValue>(
    () => ({
      defs,
      resources,
      problemsByModule: groupByModule(problems),
      visits: visitsOf(trace),
      currentModule: step === undefined ? undefined : trace?.steps[step]?.moduleId,
      readOnly: false,
    }),
    [defs, resources, problems, trace, step],
  );
  const selectStep = (i: number | undefined) => {
    setStep(i);
    const id = i === undefined ? undefined : trace?.steps[i]?.moduleId;
    if (id) graph.select(id);
  };

  return (
    <DesignerContext.Provider value={context}>
      <div className="designer">
        <div className="designer-toolbar">
          <span className="designer-status">
            {published === null ? t('flow.notPublished') : t('designer.publishedVersion', { n: published })}
            {' · '}
            {dirty ? <span className="dirty-note">{t('designer.unsaved')}</span> : t('designer.allSaved')}
          </span>
          <button
            type="button"
            className="button"
            disabled={action.busy || !dirty}
            onClick={() => void save()}
          >
            {t('common.save')}
          </button>
          <button
            type="button"
            className={`button${errors.length ? ' button-warn' : ''}`}
            onClick={() => setShowProblems((s) => !s)}
            data-testid="problems-toggle"
          >
            {t('designer.problemsTitle', { count: problems.length })}
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={action.busy}
            onClick={() => void publish()}
          >
            {t('designer.publish')}
          </button>
          <button type="button" className="button" onClick={() => setDialog('versions')}>
            {t('designer.versions')}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              graph.arrangeAll();
              setFitSignal((n) => n + 1);
            }}
          >
            {t('designer.arrange')}
          </button>
          <span className="toolbar-spacer" />
          <button type="button" className="button" onClick={() => fileInput.current?.click()}>
            {t('designer.import')}
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".json,.yaml,.yml"
            hidden
            data-testid="import-file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void importFile(f);
            }}
          />
          <button type="button" className="button" onClick={() => void exportAs('json')}>
            {t('designer.exportJson')}
          </button>
          <button type="button" className="button" onClick={() => void exportAs('yaml')}>
            {t('designer.exportYaml')}
          </button>
        </div>
        {notice && (
          <div
            className={`notice${notice.key === 'designer.fixBeforePublish' ? ' notice-warn' : ''}`}
            role="status"
          >
            {t(notice.key, notice.values)}
          </div>
        )}
        <ErrorBox error={action.error} onClose={action.clear} />
        <div className="designer-body">
          <Palette
            modules={modules}
            onAdd={(type) => {
              const added = graph.add(type);
              if (added)
                setFocus((f) => ({ x: added.position.x + 90, y: added.position.y + 40, n: (f?.n ?? 0) + 1 }));
            }}
          />
          <div className="designer-center">
            <ReactFlowProvider key={canvasKey}>
              <Canvas
                label={t('designer.canvas')}
                nodes={graph.nodes}
                edges={shownEdges}
                onNodesChange={graph.onNodesChange}
                onEdgesChange={graph.onEdgesChange}
                onConnect={graph.onConnect}
                onDropModule={(type, position) => graph.add(type, position)}
                focus={focus}
                fitSignal={fitSignal}
              />
            </ReactFlowProvider>
            {showProblems && (
              <ProblemsPanel
                problems={problems}
                onSelect={(id) => {
                  graph.select(id);
                  setSide('properties');
                }}
                onClose={() => setShowProblems(false)}
              />
            )}
          </div>
          <aside className="designer-side">
            <div className="tabs" role="tablist">
              {(['properties', 'test'] as const).map((s) => (
                <button
                  key={s}
                  type="button"
                  role="tab"
                  aria-selected={side === s}
                  className={`tab${side === s ? ' tab-active' : ''}`}
                  onClick={() => setSide(s)}
                >
                  {t(`designer.side.${s}`)}
                </button>
              ))}
            </div>
            <div className="designer-side-body">
              {side === 'test' ? (
                <TestPanel
                  instance={instance}
                  flow={flow}
                  defs={defs}
                  ensureSaved={ensureSaved}
                  trace={trace}
                  onTrace={(tr) => {
                    setTrace(tr);
                    setStep(undefined);
                  }}
                  selectedStep={step}
                  onSelectStep={selectStep}
                />
              ) : selected ? (
                <PropertyPanel
                  key={selected.id}
                  node={selected}
                  nodes={graph.nodes}
                  edges={graph.edges}
                  variables={variables}
                  onData={(data) => graph.setData(selected.id, data)}
                  onRename={(to) => graph.rename(selected.id, to)}
                  onConnectExit={(exit, target) => graph.connect(selected.id, exit, target)}
                  onDelete={() => graph.remove(selected.id)}
                />
              ) : (
                <FlowSettingsPanel meta={graph.meta} nodes={graph.nodes} onMeta={graph.setMeta} />
              )}
            </div>
          </aside>
        </div>
        {dialog === 'publish' && (
          <PublishDialog
            warnings={problems.filter((p) => p.severity === 'warning')}
            onClose={() => setDialog(undefined)}
            onPublish={async (note) => {
              const v = await api.flows.publish(instance, flow, note || undefined);
              setPublished(v.version);
              setDialog(undefined);
              setNotice({ key: 'designer.publishedNotice', values: { n: v.version } });
            }}
          />
        )}
        {dialog === 'versions' && (
          <VersionsDialog
            instance={instance}
            flow={flow}
            onClose={() => setDialog(undefined)}
            onExport={(v) => void exportAs('yaml', v)}
            onRolledBack={async (v) => {
              setDialog(undefined);
              const next = await action.run(() => api.flows.get(instance, flow));
              if (next) adopt(next);
              setNotice({ key: 'designer.rolledBack', values: { n: v } });
            }}
          />
        )}
      </div>
    </DesignerContext.Provider>
  );
}

/** A message about the last action, translated when shown (so it follows the language). */
interface Notice {
  key:
    | 'designer.saved'
    | 'designer.fixBeforePublish'
    | 'designer.imported'
    | 'designer.publishedNotice'
    | 'designer.rolledBack';
  values?: Record<string, string | number>;
}

function groupByModule(problems: FlowProblem[]): Map<string, FlowProblem[]> {
  const map = new Map<string, FlowProblem[]>();
  for (const p of problems) if (p.moduleId) map.set(p.moduleId, [...(map.get(p.moduleId) ?? []), p]);
  return map;
}

/** The document as the designer would save it (the same normalisation as the graph's). */
function toDoc(d: FlowDocument): FlowDocument {
  const c = toCanvas(d);
  return toDocument(c.nodes, c.edges, c.meta);
}
