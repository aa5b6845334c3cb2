import type { Digest } from "../../grader/oci/digest.js";
import { edgesFrom, type InspectGraph, type InspectNode } from "./graph-model.js";
import { nodeLines } from "./node-text.js";

// A simple top-down layered layout: each object sits on the level of its shortest path from the root,
// in the order first reached; levels are centred. Sizes assume a monospace font of FONT_SIZE.

export const FONT_SIZE = 11;
const CHAR_WIDTH = 7;
const LINE_HEIGHT = 15;
const PADDING = 8;
const GAP_X = 24;
const GAP_Y = 56;
export const MARGIN = 20;

/** One placed box. */
export interface PlacedNode {
  readonly node: InspectNode;
  readonly lines: readonly string[];
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The placed boxes and the size of the picture. */
export interface Layout {
  readonly boxes: ReadonlyMap<Digest, PlacedNode>;
  readonly width: number;
  readonly height: number;
}

// Levels by breadth-first distance from the root; unreachable objects go below the rest.
function levelsOf(graph: InspectGraph): InspectNode[][] {
  const out = edgesFrom(graph);
  const level = new Map<Digest, number>();
  const queue = graph.root ? [graph.root] : [];
  if (graph.root) level.set(graph.root, 0);
  for (let i = 0; i < queue.length; i++) {
    const from = queue[i] as Digest;
    for (const edge of out.get(from) ?? []) {
      if (level.has(edge.to)) continue;
      level.set(edge.to, (level.get(from) ?? 0) + 1);
      queue.push(edge.to);
    }
  }
  const deepest = Math.max(-1, ...level.values());
  const levels: InspectNode[][] = [];
  for (const node of graph.nodes) {
    const at = level.get(node.digest) ?? deepest + 1;
    levels[at] = [...(levels[at] ?? []), node];
  }
  return levels.filter((l) => l !== undefined);
}

// Places every node of `graph`.
export function layoutGraph(graph: InspectGraph, full: boolean): Layout {
  const rows = levelsOf(graph).map((nodes) =>
    nodes.map((node) => {
      const lines = nodeLines(node, full);
      const width = Math.max(...lines.map((l) => l.length)) * CHAR_WIDTH + 2 * PADDING;
      return { node, lines, width, height: lines.length * LINE_HEIGHT + 2 * PADDING };
    }),
  );
  const rowWidth = (row: { width: number }[]) => row.reduce((sum, b) => sum + b.width, 0) + GAP_X * (row.length - 1);
  const width = Math.max(200, ...rows.map(rowWidth)) + 2 * MARGIN;
  const boxes = new Map<Digest, PlacedNode>();
  let y = MARGIN + LINE_HEIGHT * 2;
  for (const row of rows) {
    let x = (width - rowWidth(row)) / 2;
    for (const box of row) {
      boxes.set(box.node.digest, { ...box, x, y });
      x += box.width + GAP_X;
    }
    y += Math.max(...row.map((b) => b.height)) + GAP_Y;
  }
  return { boxes, width, height: y - GAP_Y + MARGIN };
}

// The baseline of a box's line `i`.
export function lineBaseline(box: PlacedNode, i: number): number {
  return box.y + PADDING + LINE_HEIGHT * (i + 1) - 4;
}
