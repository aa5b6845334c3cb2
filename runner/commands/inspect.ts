import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseCommandArgs } from "../args.js";
import { EXIT, usageError } from "../errors.js";
import { buildInspectGraph } from "../inspect/build-graph.js";
import { parseLabReference } from "../inspect/lab-ref.js";
import { openLabRegistry } from "../inspect/open-lab.js";
import { INSPECT_FORMATS, isInspectFormat, renderGraph } from "../inspect/render.js";
import { PLAIN_STYLE } from "../inspect/render-tree.js";
import { unreadableRoot } from "../inspect/root-error.js";
import { GLYPH, paint } from "../ui/style.js";
import type { Command } from "./context.js";

const usage = "labs inspect REF [--format tree|json|mermaid|dot|svg] [-o FILE] [--full] [--json]";
const options = {
  format: { type: "string", default: "tree" },
  output: { type: "string", short: "o" },
  full: { type: "boolean" },
  json: { type: "boolean" },
} as const;

// `labs inspect`: the object graph of a reference in the lab registry, as a tree or a picture.
export const inspectCommand: Command = {
  meta: {
    name: "inspect",
    summary: "Show the objects behind a reference: index, manifests, config, layers, referrers",
    usage,
    examples: ["labs inspect lab09/src/app:v1", "labs inspect lab09/src/app:v1 --format svg -o app.svg"],
  },
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, options, usage);
    const format = values.json ? "json" : values.format;
    if (!isInspectFormat(format))
      throw usageError(`Unknown format "${format}".`, `Use one of: ${INSPECT_FORMATS.join(", ")}.`);
    if (positionals.length !== 1) throw usageError("Give one reference to inspect.", `Usage: ${usage}`);
    const lab = await openLabRegistry(ctx.env);
    const target = parseLabReference(positionals[0] as string, lab.record.hostPort, usage);
    const graph = await buildInspectGraph(lab.client, { registry: lab.record.hostPort, ...target });
    if (!graph.root) throw await unreadableRoot(graph, lab.client);
    const c = paint(ctx.stdout, ctx.env);
    const style = values.output ? PLAIN_STYLE : { dim: c.dim, bad: c.red, strong: c.bold };
    const text = renderGraph(graph, format, { full: values.full ?? false, style });
    if (!values.output) ctx.stdout.write(text);
    else {
      await writeFile(resolve(ctx.cwd, values.output), text);
      ctx.stdout.write(`${GLYPH.pass} Wrote the ${format} of ${positionals[0]} to ${values.output}\n`);
    }
    return EXIT.ok;
  },
};
