import type { Digest } from "../../grader/oci/digest.js";
import { formatTarget, type InspectGraph, type InspectNode } from "./graph-model.js";
import { cleanText, nodeLines } from "./node-text.js";

// The graph in Graphviz DOT (`dot -Tsvg graph.dot > graph.svg`): one box per object, one arrow per reference.
// Labels are escaped DOT strings; objects that are not ok are dashed and say so in words.

// A DOT double-quoted string: backslashes and quotes escaped, control characters replaced.
export function dotString(text: string): string {
  return `"${cleanText(text).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

const SHAPE: Readonly<Record<InspectNode["role"], string>> = {
  index: "box3d",
  manifest: "box",
  attestation: "note",
  artifact: "note",
  config: "component",
  layer: "box",
  blob: "box",
};

function nodeStatement(id: string, node: InspectNode, full: boolean): string {
  const label = nodeLines(node, full)
    .map((line) => dotString(line).slice(1, -1))
    .join("\\n");
  const style = node.state === "ok" ? (node.role === "layer" ? "rounded" : "solid") : "dashed,bold";
  return `  ${id} [label="${label}", shape=${SHAPE[node.role]}, style="${style}"];`;
}

// The DOT text of `graph`.
export function renderDot(graph: InspectGraph, options: { readonly full?: boolean } = {}): string {
  const ids = new Map<Digest, string>(graph.nodes.map((n, i) => [n.digest, `n${i}`]));
  const lines = [
    "digraph inspect {",
    `  label=${dotString(formatTarget(graph))};`,
    "  labelloc=t;",
    "  rankdir=TB;",
    '  node [fontname="monospace", fontsize=10];',
    '  edge [fontname="monospace", fontsize=9];',
    ...graph.nodes.map((node) => nodeStatement(ids.get(node.digest) as string, node, options.full ?? false)),
    ...graph.edges.map((e) => {
      const style = e.kind === "referrer" ? ", style=dashed, dir=back" : "";
      return `  ${ids.get(e.from)} -> ${ids.get(e.to)} [label=${dotString(e.label)}${style}];`;
    }),
    "}",
  ];
  return `${lines.join("\n")}\n`;
}
