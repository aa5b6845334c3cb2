import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { CHECK_KIND_NAMES, loadCheckKinds } from "../../grader/checks/catalog.js";
import { parseCommandArgs, parseLabNumber } from "../args.js";
import { EXIT, LabsError, usageError } from "../errors.js";
import { listLabFiles } from "../lab-file/lab-entry.js";
import { learnerEdition } from "../lab-file/learner-edition.js";
import { loadLabText } from "../lab-file/load.js";
import { formatProblem } from "../lab-file/problem.js";
import { GLYPH } from "../ui/style.js";
import type { Command } from "./context.js";

const usage = "labs pack --edition learner -o DIR [N...]";

// `labs pack`: writes the learner edition of the labs (no solutions, wrong attempts or hidden checks) to DIR.
export const packCommand: Command = {
  meta: {
    name: "pack",
    summary: "Write the learner edition of the labs: no solutions, wrong attempts or hidden checks (for staff)",
    usage,
    examples: ["labs pack --edition learner -o course-labs", "LABS_DIR=course-labs labs start 9"],
  },
  async run(args, ctx) {
    const options = { edition: { type: "string" }, output: { type: "string", short: "o" } } as const;
    const { values, positionals } = parseCommandArgs(args, options, usage);
    if (values.edition !== "learner") throw usageError("Only `--edition learner` can be packed.", `Usage: ${usage}`);
    if (!values.output) throw usageError("Say where to write the labs with `-o DIR`.", `Usage: ${usage}`);
    const wanted = new Set(positionals.map((p) => parseLabNumber(p, usage)));
    const entries = (await listLabFiles(ctx.env)).filter((e) => wanted.size === 0 || wanted.has(e.number));
    const kinds = await loadCheckKinds(CHECK_KIND_NAMES);
    const out = resolve(values.output);
    for (const entry of entries) {
      const edition = learnerEdition(await readFile(entry.file, "utf8"));
      const file = join(out, basename(entry.dir), "lab.yaml");
      const loaded = loadLabText(file, edition.text, kinds);
      if ("problems" in loaded)
        throw new LabsError(
          "LAB_FILE_INVALID",
          `The learner edition of lab ${entry.number} does not load:\n${loaded.problems.map(formatProblem).join("\n")}`,
          "Run `labs validate` on the full edition first.",
        );
      await mkdir(join(out, basename(entry.dir)), { recursive: true });
      await writeFile(file, edition.text);
      const hidden = edition.hiddenChecks ? `, ${edition.hiddenChecks} hidden checks left out` : "";
      ctx.stdout.write(`${GLYPH.pass} ${file}${hidden}\n`);
    }
    ctx.stdout.write(`Learners use it with LABS_DIR=${out}; grade with the full edition.\n`);
    return EXIT.ok;
  },
};
