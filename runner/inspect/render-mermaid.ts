import type { Digest } from "../../grader/oci/digest.js";
import type { InspectGraph } from "./graph-model.js";
import { cleanText, nodeLines } from "./node-text.js";

// The graph as a Mermaid flowchart (renders in GitHub Markdown inside a ```mermaid block). Text goes in quoted
// labels with Mermaid entity codes for the characters its parser treats specially.

const ENTITIES: Readonly<Record<string, string>> = {
  "#": "#35;",
  '"': "#quot;",
  "<": "#lt;",
  ">": "#gt;",
  "&": "#amp;",
  "|": "#124;",
  "`": "#96;",
};

// Text safe inside a quoted Mermaid label (the quotes not included).
export function mermaidText(text: string): string {
  return cleanText(text).replace(/[#"<>&|`]/g, (c) => ENTITIES[c] as string);
}

// The Mermaid text of `graph`.
export function renderMermaid(graph: InspectGraph, options: { readonly full?: boolean } = {}): string {
  const ids = new Map<Digest, string>(graph.nodes.map((n, i) => [n.digest, `n${i}`]));
  const notOk = graph.nodes.filter((n) => n.state !== "ok").map((n) => ids.get(n.digest));
  const lines = [
    "flowchart TD",
    ...graph.nodes.map((node) => {
      const label = nodeLines(node, options.full ?? false)
        .map(mermaidText)
        .join("<br/>");
      return `  ${ids.get(node.digest)}["${label}"]`;
    }),
    ...graph.edges.map((e) => {
      const arrow = e.kind === "referrer" ? "-.->" : "-->";
      return `  ${ids.get(e.from)} ${arrow}|"${mermaidText(e.label)}"| ${ids.get(e.to)}`;
    }),
    ...(notOk.length > 0 ? ["  classDef notok stroke-dasharray: 5 5", `  class ${notOk.join(",")} notok`] : []),
  ];
  return `${lines.join("\n")}\n`;
}
