import type { InspectGraph } from "./graph-model.js";
import { renderDot } from "./render-dot.js";
import { renderMermaid } from "./render-mermaid.js";
import { renderSvg } from "./render-svg.js";
import { renderTree, type TreeStyle } from "./render-tree.js";

/** The output formats of `labs inspect`. */
export const INSPECT_FORMATS = ["tree", "json", "mermaid", "dot", "svg"] as const;
export type InspectFormat = (typeof INSPECT_FORMATS)[number];

// True for a known format name.
export function isInspectFormat(text: string): text is InspectFormat {
  return (INSPECT_FORMATS as readonly string[]).includes(text);
}

// The graph in `format`; JSON keeps exact byte counts and whole digests.
export function renderGraph(
  graph: InspectGraph,
  format: InspectFormat,
  options: { readonly full?: boolean; readonly style?: TreeStyle } = {},
): string {
  switch (format) {
    case "tree":
      return renderTree(graph, options);
    case "json":
      return `${JSON.stringify(graph, null, 2)}\n`;
    case "mermaid":
      return renderMermaid(graph, options);
    case "dot":
      return renderDot(graph, options);
    case "svg":
      return renderSvg(graph, options);
  }
}
