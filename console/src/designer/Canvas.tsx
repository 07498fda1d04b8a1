import {
  Background,
  type Connection,
  Controls,
  type Edge,
  MiniMap,
  type OnEdgesChange,
  type OnNodesChange,
  ReactFlow,
  useReactFlow,
} from '@xyflow/react';
import { type DragEvent, useEffect } from 'react';
import { ModuleNode } from './ModuleNode';
import type { ModuleNode as ModuleNodeType } from './model';

const nodeTypes = { module: ModuleNode };
export const DRAG_TYPE = 'application/x-hotline-module';

/** The flow graph: drop modules from the palette, drag exits to modules, move and delete. */
export function Canvas({
  nodes,
  edges,
  onNodesChange,
  onEdgesChange,
  onConnect,
  onDropModule,
  readOnly = false,
  focus,
  fitSignal = 0,
  label,
}: {
  nodes: ModuleNodeType[];
  edges: Edge[];
  onNodesChange?: OnNodesChange<ModuleNodeType>;
  onEdgesChange?: OnEdgesChange;
  onConnect?: (c: Connection) => void;
  onDropModule?: (type: string, position: { x: number; y: number }) => void;
  readOnly?: boolean;
  /** Centre the view here (a module just added); n changes for each request. */
  focus?: { x: number; y: number; n: number } | undefined;
  /** Fit the whole flow in view each time this changes. */
  fitSignal?: number;
  label: string;
}) {
  const flow = useReactFlow();
  useEffect(() => {
    if (focus) void flow.setCenter(focus.x, focus.y, { zoom: flow.getZoom() });
  }, [focus, flow]);
  useEffect(() => {
    if (fitSignal > 0) void flow.fitView({ padding: 0.2, maxZoom: 1 });
  }, [fitSignal, flow]);
  const dragOver = (e: DragEvent) => {
    if (readOnly || !e.dataTransfer.types.includes(DRAG_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
  };
  const drop = (e: DragEvent) => {
    const type = e.dataTransfer.getData(DRAG_TYPE);
    if (readOnly || !type) return;
    e.preventDefault();
    const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    onDropModule?.(type, { x: p.x - 90, y: p.y - 20 });
  };
  return (
    <div
      className="canvas"
      role="application"
      aria-label={label}
      onDragOver={dragOver}
      onDrop={drop}
      data-testid="flow-canvas"
    >
      <ReactFlow<ModuleNodeType, Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        edgesFocusable={!readOnly}
        deleteKeyCode={readOnly ? null : ['Backspace', 'Delete']}
        fitView
        fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
        minZoom={0.2}
        proOptions={{ hideAttribution: true }}
        defaultEdgeOptions={{ type: 'smoothstep' }}
      >
        <Background gap={16} size={1} />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable style={{ width: 160, height: 100 }} />
      </ReactFlow>
    </div>
  );
}
