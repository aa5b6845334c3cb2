import { describe, expect, it } from "vitest";
import { dotString, renderDot } from "../../../runner/inspect/render-dot.js";
import { mermaidText, renderMermaid } from "../../../runner/inspect/render-mermaid.js";
import { renderSvg, xmlText } from "../../../runner/inspect/render-svg.js";
import { NASTY, nastyGraph } from "./nasty-graph.js";

describe("DOT", () => {
  it("escapes quotes and backslashes and replaces control characters", () => {
    expect(dotString('a"b\\c\nd\u0007')).toBe('"a\\"b\\\\c d "');
  });

  it("declares one node per object and one edge per reference, labels escaped", () => {
    const dot = renderDot(nastyGraph());
    expect(dot.startsWith("digraph inspect {\n")).toBe(true);
    expect(dot.trimEnd().endsWith("}")).toBe(true);
    expect(dot.match(/^ {2}n\d+ \[label=/gm)).toHaveLength(3);
    expect(dot.match(/^ {2}n\d+ -> n\d+/gm)).toHaveLength(2);
    expect(dot).not.toContain("\u0007");
    // The edge's label is one DOT string up to the closing `]`, and unescapes to the text with spaces for controls.
    const edge = dot.split("\n").find((l) => l.startsWith("  n0 -> n1"));
    const label = /\[label=("(?:[^"\\]|\\.)*")\];$/.exec(edge ?? "")?.[1];
    expect(label?.slice(1, -1).replace(/\\(.)/g, "$1")).toBe(NASTY.replace(/[\n\u0007]/g, " "));
  });

  it("draws a missing object dashed and says MISSING", () => {
    const line = renderDot(nastyGraph())
      .split("\n")
      .find((l) => l.startsWith("  n1 ["));
    expect(line).toContain("MISSING");
    expect(line).toContain("dashed");
  });
});

describe("Mermaid", () => {
  it("turns characters Mermaid reads specially into entity codes", () => {
    expect(mermaidText('a"b<c>d&e|f#g`h')).toBe("a#quot;b#lt;c#gt;d#amp;e#124;f#35;g#96;h");
  });

  it("writes a flowchart whose labels contain no raw quote, bar or angle bracket", () => {
    const text = renderMermaid(nastyGraph());
    expect(text.split("\n")[0]).toBe("flowchart TD");
    for (const line of text.split("\n").slice(1, 4)) {
      const label = /^ {2}n\d+\["(.*)"\]$/.exec(line)?.[1];
      expect(label, line).toBeDefined();
      expect(label?.replaceAll("<br/>", "")).not.toMatch(/["<>|]/);
    }
    expect(text).toMatch(/n0 -->\|"sbom #quot;v1#quot; .*"\| n1/);
    expect(text).toContain("n0 -.->");
    expect(text).toContain("class n1 notok");
  });
});

describe("SVG", () => {
  it("escapes XML's five special characters and drops control characters", () => {
    expect(xmlText(`<a href="x">&'\u0000`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&apos; ");
  });

  it("writes an SVG document with a box per object, escaped text, and the missing one dashed", () => {
    const svg = renderSvg(nastyGraph());
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(
      true,
    );
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(svg.match(/<rect class="box /g)).toHaveLength(3);
    expect(svg.match(/<line class="edge/g)).toHaveLength(2);
    expect(svg).toContain(xmlText(NASTY));
    expect(svg).toMatch(/<rect class="box layer notok"/);
    expect(svg).toContain(">MISSING</text>");
    // Outside tags, no raw `<` and no `&` that does not start an entity.
    const textContent = svg.replace(/<[^>]*>/g, "");
    expect(textContent).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
  });
});
