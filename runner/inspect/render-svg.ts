import { formatTarget, type InspectEdge, type InspectGraph } from "./graph-model.js";
import { cleanText } from "./node-text.js";
import { FONT_SIZE, type Layout, layoutGraph, lineBaseline, MARGIN, type PlacedNode } from "./svg-layout.js";

// The graph as a standalone SVG picture, written by hand (no dependency): boxes on levels, arrows from a
// parent's bottom edge to a child's top edge, labelled; objects that are not ok are dashed and say so.

// Text safe in XML character data and attribute values.
export function xmlText(text: string): string {
  return cleanText(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

const STYLE = [
  "text{font-family:monospace;fill:#111}",
  ".box{fill:#fff;stroke:#333;stroke-width:1}",
  ".index{fill:#eef4ff}.manifest{fill:#f3fbf3}.attestation,.artifact{fill:#fff8e6}.config{fill:#f6f0ff}",
  ".notok{stroke:#b00;stroke-dasharray:5 3;stroke-width:2}",
  ".edge{stroke:#555;fill:none}.referrer{stroke-dasharray:4 3}",
  ".label{font-size:9px;fill:#444}",
].join("");

function boxSvg(box: PlacedNode): string {
  const classes = `box ${box.node.role}${box.node.state === "ok" ? "" : " notok"}`;
  const rect = `<rect class="${classes}" x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" rx="4"/>`;
  const texts = box.lines.map(
    (line, i) => `<text x="${box.x + 8}" y="${lineBaseline(box, i)}" font-size="${FONT_SIZE}">${xmlText(line)}</text>`,
  );
  return `<g><title>${xmlText(box.node.digest)}</title>${rect}${texts.join("")}</g>`;
}

function edgeSvg(edge: InspectEdge, layout: Layout): string {
  const from = layout.boxes.get(edge.from);
  const to = layout.boxes.get(edge.to);
  if (!from || !to) return "";
  const x1 = from.x + from.width / 2;
  const y1 = from.y + from.height;
  const x2 = to.x + to.width / 2;
  const y2 = to.y;
  const kind = edge.kind === "referrer" ? " referrer" : "";
  const line = `<line class="edge${kind}" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" marker-end="url(#arrow)"/>`;
  const label = `<text class="label" x="${(x1 + 3 * x2) / 4 + 4}" y="${(y1 + 3 * y2) / 4}">${xmlText(edge.label)}</text>`;
  return `${line}${label}`;
}

// The SVG document of `graph`.
export function renderSvg(graph: InspectGraph, options: { readonly full?: boolean } = {}): string {
  const layout = layoutGraph(graph, options.full ?? false);
  const title = xmlText(`${formatTarget(graph)} (${graph.registry})`);
  const { width, height } = layout;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>${title}</title>`,
    `<style>${STYLE}</style>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0L10,5L0,10z" fill="#555"/></marker></defs>',
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${MARGIN}" y="${MARGIN + 12}" font-size="13">${title}</text>`,
    ...graph.edges.map((e) => edgeSvg(e, layout)).filter((s) => s !== ""),
    ...[...layout.boxes.values()].map(boxSvg),
    "</svg>",
    "",
  ].join("\n");
}
