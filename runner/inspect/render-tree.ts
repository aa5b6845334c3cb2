import type { Digest } from "../../grader/oci/digest.js";
import { GLYPH } from "../ui/style.js";
import {
  edgesFrom,
  formatTarget,
  type InspectEdge,
  type InspectGraph,
  type InspectNode,
  nodesByDigest,
} from "./graph-model.js";
import { formatBytes } from "./media-label.js";
import { showDigest, stateWord } from "./node-text.js";

// The graph as a tree for the terminal: one line per reference, the root first; an object reached twice is
// expanded once. Objects that are not ok carry a glyph and a word, the walk's findings and what to do.

/** Colouring hooks; the plain style (identity) is used for tests, NO_COLOR and pipes. */
export interface TreeStyle {
  readonly dim: (text: string) => string;
  readonly bad: (text: string) => string;
  readonly strong: (text: string) => string;
}

const same = (text: string): string => text;

/** No colour at all. */
export const PLAIN_STYLE: TreeStyle = { dim: same, bad: same, strong: same };

/** Options of renderTree. */
export interface TreeOptions {
  /** Whole digests instead of `sha256:0123456789ab…`. */
  readonly full?: boolean;
  readonly style?: TreeStyle;
}

interface TreeContext {
  readonly nodes: ReadonlyMap<Digest, InspectNode>;
  readonly edges: ReadonlyMap<Digest, readonly InspectEdge[]>;
  readonly full: boolean;
  readonly style: TreeStyle;
  readonly shown: Set<Digest>;
  readonly lines: string[];
}

// The tree of `graph`, ending with a newline.
export function renderTree(graph: InspectGraph, options: TreeOptions = {}): string {
  const style = options.style ?? PLAIN_STYLE;
  const nodes = nodesByDigest(graph);
  const lines = [`${style.strong(formatTarget(graph))} ${style.dim(`in ${graph.registry}`)}`];
  const ctx: TreeContext = {
    nodes,
    edges: edgesFrom(graph),
    full: options.full ?? false,
    style,
    shown: new Set(),
    lines,
  };
  const root = graph.root ? nodes.get(graph.root) : undefined;
  if (root) {
    lines.push(nodeLine(ctx, root, undefined));
    ctx.shown.add(root.digest);
    addDetails(ctx, root, "");
    addChildren(ctx, root.digest, "");
  }
  lines.push(...footer(graph, style));
  return `${lines.join("\n")}\n`;
}

function addChildren(ctx: TreeContext, digest: Digest, prefix: string): void {
  const edges = ctx.edges.get(digest) ?? [];
  edges.forEach((edge, i) => {
    const last = i === edges.length - 1;
    const node = ctx.nodes.get(edge.to);
    if (!node) return;
    const repeated = ctx.shown.has(node.digest) && (ctx.edges.get(node.digest)?.length ?? 0) > 0;
    const note = repeated ? ctx.style.dim("  (shown above)") : "";
    ctx.lines.push(`${prefix}${last ? "└─ " : "├─ "}${nodeLine(ctx, node, edge)}${note}`);
    const childPrefix = `${prefix}${last ? "   " : "│  "}`;
    if (repeated) return;
    ctx.shown.add(node.digest);
    addDetails(ctx, node, childPrefix);
    addChildren(ctx, node.digest, childPrefix);
  });
}

function nodeLine(ctx: TreeContext, node: InspectNode, edge: InspectEdge | undefined): string {
  const { style } = ctx;
  const label = edge ? `${style.strong(edge.label)}  ` : "";
  const state = node.state === "ok" ? "" : `  ${style.bad(`${GLYPH.fail} ${stateWord(node)}`)}`;
  const size = formatBytes(node.size);
  return `${label}${describe(ctx, node, edge)}  ${style.dim(showDigest(node.digest, ctx.full))}  ${size}${state}`;
}

function describe(ctx: TreeContext, node: InspectNode, edge: InspectEdge | undefined): string {
  if (node.role === "attestation") {
    const about = node.describes ? ` for ${showDigest(node.describes, ctx.full)}` : "";
    const platform = node.describes ? ctx.nodes.get(node.describes)?.platform : undefined;
    return `${node.type}${about}${platform ? ` (${platform})` : ""}`;
  }
  if (node.role === "artifact") return node.artifactType ? `${node.artifactType} (${node.type})` : node.type;
  if (!node.platform || node.platform === edge?.label) return node.type;
  return edge?.kind === "entry" ? `${node.type} (its config says ${node.platform})` : `${node.type} ${node.platform}`;
}

function addDetails(ctx: TreeContext, node: InspectNode, prefix: string): void {
  const pad = `${prefix}${(ctx.edges.get(node.digest)?.length ?? 0) > 0 ? "│  " : "   "}`;
  for (const problem of node.problems) ctx.lines.push(`${pad}${ctx.style.bad(`${GLYPH.error} ${problem}`)}`);
  if (node.advice) ctx.lines.push(`${pad}${GLYPH.info} ${node.advice}`);
}

function footer(graph: InspectGraph, style: TreeStyle): string[] {
  const listed = new Set(graph.nodes.map((n) => n.digest));
  const loose = graph.problems.filter((p) => !p.digest || !listed.has(p.digest));
  const bad = graph.nodes.filter((n) => n.state !== "ok").length;
  const stored = graph.nodes.filter((n) => n.state === "ok").reduce((sum, n) => sum + n.size, 0);
  const summary = `${graph.nodes.length} objects, ${formatBytes(stored)} stored`;
  const verdict = bad === 0 ? "" : `, ${style.bad(`${GLYPH.fail} ${bad} not ok`)}`;
  return ["", `${summary}${verdict}`, ...loose.map((p) => style.bad(`${GLYPH.error} ${p.message}`))];
}
