/** Placing modules: a free spot for a new one, and a layered arrangement of the whole flow. */
import type { Edge } from '@xyflow/react';
import type { ModuleNode } from './model';

const COLUMN = 240;
const ROW = 170;

/** Below the given module (or the lowest one), moved right until no module is in the way. */
export function freeSpot(nodes: ModuleNode[], below: ModuleNode | undefined): { x: number; y: number } {
  const lowest = nodes.reduce((y, n) => Math.max(y, n.position.y), -ROW);
  const spot = below ? { x: below.position.x, y: below.position.y + ROW } : { x: 0, y: lowest + ROW };
  while (
    nodes.some(
      (n) => Math.abs(n.position.x - spot.x) < COLUMN - 20 && Math.abs(n.position.y - spot.y) < ROW - 40,
    )
  )
    spot.x += COLUMN;
  return spot;
}

/** Rows by distance from the start module (exits in order), each row centred; unreachable ones last. */
export function arrange(
  nodes: ModuleNode[],
  edges: Edge[],
  startId: string | undefined,
): Map<string, { x: number; y: number }> {
  const depth = new Map<string, number>();
  const order: string[] = [];
  const start = startId ?? nodes.find((n) => n.data.type === 'start')?.id;
  const queue = start ? [start] : [];
  if (start) depth.set(start, 0);
  while (queue.length > 0) {
    const id = queue.shift() as string;
    order.push(id);
    for (const e of edges) {
      if (e.source !== id || depth.has(e.target)) continue;
      depth.set(e.target, (depth.get(id) ?? 0) + 1);
      queue.push(e.target);
    }
  }
  const last = Math.max(0, ...depth.values()) + 1;
  for (const n of nodes) {
    if (depth.has(n.id)) continue;
    depth.set(n.id, last);
    order.push(n.id);
  }
  const rows = new Map<number, string[]>();
  for (const id of order) {
    const d = depth.get(id) ?? last;
    rows.set(d, [...(rows.get(d) ?? []), id]);
  }
  const out = new Map<string, { x: number; y: number }>();
  for (const [d, ids] of rows)
    ids.forEach((id, i) => {
      out.set(id, { x: (i - (ids.length - 1) / 2) * COLUMN, y: d * ROW });
    });
  return out;
}
