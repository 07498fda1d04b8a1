/** The flow document ⇄ the canvas: modules are nodes, connected exits are edges. */
import type { Edge, Node } from '@xyflow/react';
import type { FlowDocument, FlowModule, ModuleDescription } from '../api/flow-types';
import { arrange } from './layout';
import { initialValue, isObject } from './schema';

export interface ModuleData extends Record<string, unknown> {
  type: string;
  name?: string;
  config: Record<string, unknown>;
}

export type ModuleNode = Node<ModuleData, 'module'>;

/** The flow's own fields (everything but its modules). */
export type FlowMeta = Omit<FlowDocument, 'modules'>;

export const edgeId = (source: string, exit: string) => `${source}:${exit}`;

export function toCanvas(doc: FlowDocument): { nodes: ModuleNode[]; edges: Edge[]; meta: FlowMeta } {
  const { modules, ...meta } = doc;
  const nodes = modules.map((m, i) => toNode(m, i));
  const ids = new Set(modules.map((m) => m.id));
  const edges: Edge[] = modules.flatMap((m) =>
    Object.entries(m.exits ?? {})
      .filter(([, target]) => ids.has(target))
      .map(([exit, target]) => makeEdge(m.id, exit, target)),
  );
  if (modules.every((m) => !m.position)) {
    const spots = arrange(nodes, edges, meta.startModuleId);
    for (const n of nodes) n.position = spots.get(n.id) ?? n.position;
  }
  return { nodes, edges, meta: { ...meta, variables: meta.variables ?? [] } };
}

function toNode(m: FlowModule, index: number): ModuleNode {
  return {
    id: m.id,
    type: 'module',
    position: m.position ?? { x: (index % 4) * 260, y: Math.floor(index / 4) * 180 },
    data: { type: m.type, ...(m.name ? { name: m.name } : {}), config: isObject(m.config) ? m.config : {} },
    deletable: m.type !== 'start',
  };
}

export function makeEdge(source: string, exit: string, target: string): Edge {
  return {
    id: edgeId(source, exit),
    source,
    sourceHandle: exit,
    target,
    targetHandle: 'in',
    type: 'smoothstep',
  };
}

export function toDocument(nodes: ModuleNode[], edges: Edge[], meta: FlowMeta): FlowDocument {
  const modules: FlowModule[] = nodes.map((n) => {
    const exits: Record<string, string> = {};
    for (const e of edges) if (e.source === n.id && e.sourceHandle) exits[e.sourceHandle] = e.target;
    return {
      id: n.id,
      type: n.data.type,
      ...(n.data.name ? { name: n.data.name } : {}),
      config: n.data.config,
      exits,
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
    };
  });
  const clean = { ...meta };
  if (!clean.startModuleId) delete clean.startModuleId;
  if (!clean.fallbackModuleId) delete clean.fallbackModuleId;
  if (!clean.description) delete clean.description;
  return { ...clean, modules };
}

/** A new module of a type: an unused id like play_1, and the config its schema requires. */
export function newModule(
  def: ModuleDescription,
  taken: ReadonlySet<string>,
  position: { x: number; y: number },
) {
  const base = def.type.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  let n = 1;
  while (taken.has(`${base}_${n}`)) n++;
  const config = initialValue(def.configSchema, def.configSchema);
  const node: ModuleNode = {
    id: `${base}_${n}`,
    type: 'module',
    position,
    data: { type: def.type, config: isObject(config) ? config : {} },
    deletable: def.type !== 'start',
  };
  return node;
}

export const MODULE_ID = /^[\p{L}\p{N}_.:-]{1,64}$/u;

/** Renames a module everywhere it is named: its node, edges, the start and fallback settings. */
export function renameModule(
  state: { nodes: ModuleNode[]; edges: Edge[]; meta: FlowMeta },
  from: string,
  to: string,
): { nodes: ModuleNode[]; edges: Edge[]; meta: FlowMeta } {
  const nodes = state.nodes.map((n) => (n.id === from ? { ...n, id: to } : n));
  const edges = state.edges.map((e) => {
    const source = e.source === from ? to : e.source;
    const target = e.target === from ? to : e.target;
    return source === e.source && target === e.target ? e : makeEdge(source, e.sourceHandle ?? '', target);
  });
  const meta = { ...state.meta };
  if (meta.startModuleId === from) meta.startModuleId = to;
  if (meta.fallbackModuleId === from) meta.fallbackModuleId = to;
  return { nodes, edges, meta };
}

/**
 * After a config change renamed exits (a condition rule renamed): keep an edge whose exit was
 * renamed at the same position; drop edges of exits that are gone.
 */
export function remapEdges(edges: Edge[], moduleId: string, before: string[], after: string[]): Edge[] {
  const keep = new Set(after);
  return edges.flatMap((e) => {
    if (e.source !== moduleId || !e.sourceHandle || keep.has(e.sourceHandle)) return [e];
    const i = before.indexOf(e.sourceHandle);
    const renamed = before.length === after.length && i >= 0 ? after[i] : undefined;
    if (renamed === undefined || before.includes(renamed)) return [];
    return [makeEdge(e.source, renamed, e.target)];
  });
}
