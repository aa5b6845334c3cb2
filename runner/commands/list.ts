import { parseCommandArgs } from "../args.js";
import { EXIT } from "../errors.js";
import { labsHome } from "../home.js";
import { listLabFiles } from "../lab-file/lab-entry.js";
import { loadLabFile } from "../lab-file/load.js";
import { readState } from "../state/state.js";
import { GLYPH, paint } from "../ui/style.js";
import type { Command } from "./context.js";

const usage = "labs list [--json]";

// `labs list`: the labs, their level and time, and the learner's progress on each.
export const listCommand: Command = {
  meta: { name: "list", summary: "List the labs and your progress", usage, examples: ["labs list"] },
  async run(args, ctx) {
    const { values } = parseCommandArgs(args, { json: { type: "boolean" } }, usage);
    const state = await readState(labsHome(ctx.env).stateFile);
    const rows = [];
    for (const entry of await listLabFiles(ctx.env)) {
      const loaded = await loadLabFile(entry.file);
      const lab = "lab" in loaded ? loaded.lab : undefined;
      const progress = state.labs[String(entry.number)];
      const status = progress?.passedAt ? "passed" : progress ? "started" : "new";
      rows.push({
        number: entry.number,
        slug: lab?.slug ?? "(invalid lab file)",
        title: lab?.title ?? "",
        level: lab?.level ?? "",
        minutes: lab?.minutes ?? 0,
        status,
      });
    }
    if (values.json) {
      ctx.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return EXIT.ok;
    }
    const c = paint(ctx.stdout, ctx.env);
    for (const row of rows) {
      const mark =
        row.status === "passed"
          ? c.green(`${GLYPH.pass} passed `)
          : row.status === "started"
            ? c.yellow(`${GLYPH.info} started`)
            : "  new    ";
      ctx.stdout.write(
        `${String(row.number).padStart(2)}  ${mark}  ${row.title} ${c.dim(`(${row.level}, ~${row.minutes} min)`)}\n`,
      );
    }
    ctx.stdout.write(`\nStart one with \`labs start N\`.\n`);
    return EXIT.ok;
  },
};
