import { stat } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { parseCommandArgs } from "../args.js";
import { EXIT, usageError } from "../errors.js";
import { listLabFiles } from "../lab-file/lab-entry.js";
import { CHECKED, type LabSource, type ValidationResult, validateLabFiles } from "../lab-file/lint.js";
import { formatProblem } from "../lab-file/problem.js";
import { GLYPH, paint } from "../ui/style.js";
import type { Command, CommandContext } from "./context.js";

const usage = "labs validate [PATH...] [--json]";

// `labs validate`: lints lab files for authors and reports every problem of every file at once.
export const validateCommand: Command = {
  meta: {
    name: "validate",
    summary: "Check lab files (for authors): schema, ids, references, hints, solutions, concept order",
    usage,
    examples: ["labs validate", "labs validate labs/09-mirror-preserving-digest", "labs validate --json"],
  },
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: "boolean" } }, usage);
    const result = await validateLabFiles(await sourcesFor(positionals, ctx));
    if (values.json) {
      ctx.stdout.write(
        `${JSON.stringify({ ok: result.problems.length === 0, checked: CHECKED, ...result }, null, 2)}\n`,
      );
    } else {
      ctx.stdout.write(formatResult(result, ctx));
    }
    return result.problems.length === 0 ? EXIT.ok : EXIT.usage;
  },
};

// The files to report on, plus the catalog's other labs as context for numbers, slugs and concept order.
async function sourcesFor(paths: readonly string[], ctx: CommandContext): Promise<LabSource[]> {
  const catalog = (await listLabFiles(ctx.env)).map((e) => resolve(ctx.cwd, e.file));
  const targets =
    paths.length === 0 ? catalog : (await Promise.all(paths.map((p) => filesAt(resolve(ctx.cwd, p))))).flat();
  if (targets.length === 0) {
    throw usageError(
      "There are no labs to validate here.",
      "Name a lab.yaml or a lab folder, or create one with `labs new N SLUG`.",
    );
  }
  const chosen = new Set(targets);
  const source = (file: string, target: boolean): LabSource => ({
    path: file,
    name: displayName(ctx.cwd, file),
    target,
  });
  return [
    ...[...chosen].map((f) => source(f, true)),
    ...catalog.filter((f) => !chosen.has(f)).map((f) => source(f, false)),
  ];
}

// A path relative to the working directory when the file is below it, else absolute.
function displayName(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel.startsWith("..") ? file : rel;
}

// A lab.yaml, a lab folder, or a folder of `NN-slug` lab folders.
async function filesAt(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw usageError(`${path} does not exist.`, `Usage: ${usage}`);
  if (info.isFile()) return [path];
  const own = join(path, "lab.yaml");
  if (await stat(own).catch(() => undefined)) return [own];
  const labs = (await listLabFiles({ LABS_DIR: path })).map((e) => e.file);
  if (labs.length === 0) throw usageError(`${path} holds no lab.yaml and no NN-slug lab folders.`, `Usage: ${usage}`);
  return labs;
}

function formatResult(result: ValidationResult, ctx: CommandContext): string {
  const c = paint(ctx.stdout, ctx.env);
  const lines = [
    ...result.problems.map((p) => formatProblem(p)),
    ...result.warnings.map((w) => `${c.yellow("warning:")} ${formatProblem(w)}`),
  ];
  const labs = `${result.files.length} lab${result.files.length === 1 ? "" : "s"}`;
  const warned =
    result.warnings.length > 0 ? ` (${result.warnings.length} warning${result.warnings.length === 1 ? "" : "s"})` : "";
  if (result.problems.length === 0) {
    lines.push(c.green(`${GLYPH.pass} ${labs} valid${warned}: ${CHECKED.join(", ")}`));
  } else {
    const failing = new Set(result.problems.map((p) => p.file)).size;
    const count = `${result.problems.length} problem${result.problems.length === 1 ? "" : "s"}`;
    lines.push(
      c.red(`${GLYPH.fail} ${count} in ${failing} of ${labs}${warned}. Fix them and run \`labs validate\` again.`),
    );
  }
  return `${lines.join("\n")}\n`;
}
