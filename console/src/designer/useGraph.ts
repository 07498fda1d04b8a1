/** The designer's editable graph: nodes, edges and the flow's settings, with the edits it supports. */
import {
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type Edge,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import { useCallback, useMemo, useState } from 'react';
import type { FlowDocument, ModuleDescription } from '../api/flow-types';
import { exitsFor } from './exits';
import { arrange, freeSpot } from './layout';
import {
  type FlowMeta,
  type ModuleData,
  type ModuleNode,
  makeEdge,
  newModule,
  remapEdges,
  renameModule,
  toCanvas,
  toDocument,
} from './model';

export function useGraph(initial: FlowDocument, defs: ReadonlyMap<string, ModuleDescription>) {
  const [state, setState] = useState(() => toCanvas(initial));
  const { nodes, edges, meta } = state;
  const doc = useMemo(() => toDocument(nodes, edges, meta), [nodes, edges, meta]);

  const reset = useCallback((d: FlowDocument) => setState(toCanvas(d)), []);
  const onNodesChange = useCallback(
    (changes: NodeChange<ModuleNode>[]) =>
      setState((s) => ({ ...s, nodes: applyNodeChanges(changes, s.nodes) })),
    [],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => setState((s) => ({ ...s, edges: applyEdgeChanges(changes, s.edges) })),
    [],
  );
  const connect = useCallback((source: string, exit: string, target: string | undefined) => {
    setState((s) => {
      const others = s.edges.filter((e) => !(e.source === source && e.sourceHandle === exit));
      return { ...s, edges: target ? [...others, makeEdge(source, exit, target)] : others };
    });
  }, []);
  const onConnect = useCallback(
    (c: Connection) => {
      if (c.sourceHandle) connect(c.source, c.sourceHandle, c.target);
    },
    [connect],
  );
  const select = useCallback((id: string | undefined) => {
    setState((s) => ({
      ...s,
      nodes: s.nodes.map((n) =>
        Boolean(n.selected) === (n.id === id) ? n : { ...n, selected: n.id === id },
      ),
    }));
  }, []);
  const add = useCallback(
    (type: string, position?: { x: number; y: number }) => {
      const def = defs.get(type);
      if (!def) return undefined;
      const spot =
        position ??
        freeSpot(
          nodes,
          nodes.find((n) => n.selected),
        );
      const node: ModuleNode = { ...newModule(def, new Set(nodes.map((n) => n.id)), spot), selected: true };
      setState((s) => ({
        ...s,
        nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node],
      }));
      return node;
    },
    [defs, nodes],
  );
  const arrangeAll = useCallback(() => {
    setState((s) => {
      const spots = arrange(s.nodes, s.edges, s.meta.startModuleId);
      return { ...s, nodes: s.nodes.map((n) => ({ ...n, position: spots.get(n.id) ?? n.position })) };
    });
  }, []);
  const setData = useCallback(
    (id: string, data: ModuleData) => {
      setState((s) => {
        const old = s.nodes.find((n) => n.id === id);
        if (!old) return s;
        const connected = s.edges.filter((e) => e.source === id).map((e) => e.sourceHandle ?? '');
        const def = defs.get(data.type);
        const before = exitsFor(def, old.data.config, connected).map((e) => e.name);
        const after = exitsFor(def, data.config, connected).map((e) => e.name);
        return {
          ...s,
          nodes: s.nodes.map((n) => (n.id === id ? { ...n, data } : n)),
          edges: remapEdges(s.edges, id, before, after),
        };
      });
    },
    [defs],
  );
  const rename = useCallback((from: string, to: string) => setState((s) => renameModule(s, from, to)), []);
  const remove = useCallback((id: string) => {
    setState((s) => {
      const meta = { ...s.meta };
      if (meta.fallbackModuleId === id) delete meta.fallbackModuleId;
      if (meta.startModuleId === id) delete meta.startModuleId;
      return {
        nodes: s.nodes.filter((n) => n.id !== id),
        edges: s.edges.filter((e) => e.source !== id && e.target !== id),
        meta,
      };
    });
  }, []);
  const setMeta = useCallback((m: FlowMeta) => setState((s) => ({ ...s, meta: m })), []);

  return {
    nodes,
    edges: edges as Edge[],
    meta,
    doc,
    reset,
    onNodesChange,
    onEdgesChange,
    onConnect,
    connect,
    select,
    add,
    setData,
    rename,
    remove,
    setMeta,
    arrangeAll,
  };
}
