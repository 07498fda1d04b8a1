import { applyNodeChanges, type NodeChange, ReactFlowProvider } from '@xyflow/react';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FlowDocument, ModuleDescription, Trace } from '../api/flow-types';
import { Canvas } from './Canvas';
import { DesignerContext, type DesignerContextValue, type InstanceResources } from './context';
import { type ModuleNode, toCanvas } from './model';
import { visitedEdgesOf, visitsOf } from './trace';

/** A flow drawn read-only with a call's trace over it: visited modules numbered, taken exits animated. */
export function TraceGraph({
  doc,
  defs,
  resources,
  trace,
  step,
}: {
  doc: FlowDocument;
  defs: ReadonlyMap<string, ModuleDescription>;
  resources: InstanceResources;
  trace: Trace | undefined;
  step: number | undefined;
}) {
  const { t } = useTranslation();
  const initial = useMemo(() => toCanvas(doc), [doc]);
  const [nodes, setNodes] = useState<ModuleNode[]>(initial.nodes);
  const onNodesChange = useCallback(
    (changes: NodeChange<ModuleNode>[]) => setNodes((ns) => applyNodeChanges(changes, ns)),
    [],
  );
  const visited = useMemo(() => visitedEdgesOf(trace), [trace]);
  const edges = useMemo(
    () =>
      initial.edges.map((e) => (visited.has(e.id) ? { ...e, className: 'edge-visited', animated: true } : e)),
    [initial.edges, visited],
  );
  const context = useMemo<DesignerContextValue>(
    () => ({
      defs,
      resources,
      problemsByModule: new Map(),
      visits: visitsOf(trace),
      currentModule: step === undefined ? undefined : trace?.steps[step]?.moduleId,
      readOnly: true,
    }),
    [defs, resources, trace, step],
  );
  return (
    <DesignerContext.Provider value={context}>
      <ReactFlowProvider>
        <Canvas
          label={t('designer.canvas')}
          nodes={nodes}
          edges={edges}
          onNodesChange={onNodesChange}
          readOnly
        />
      </ReactFlowProvider>
    </DesignerContext.Provider>
  );
}
