import { writeFile } from "node:fs/promises";
import type { ChalkInstance } from "chalk";
import type { LabDefinition } from "../../grader/lab/types.js";
import { parseCommandArgs, parseLabNumber } from "../args.js";
import { EXIT, usageError } from "../errors.js";
import { loadLab } from "../lab-file/catalog.js";
import { choiceRuns } from "../lab-file/choices.js";
import { listLabFiles } from "../lab-file/lab-entry.js";
import { formatJunit } from "../selftest/junit.js";
import { type CaseResult, selfTestLab } from "../selftest/self-test.js";
import { startTestRegistry } from "../selftest/test-registry.js";
import { GLYPH, paint } from "../ui/style.js";
import type { Command } from "./context.js";

const usage = "labs test [N...|--all] [--registry docker|embedded] [--junit FILE]";

// `labs test`: proves labs on a fresh registry: fail at start, solution passes, wrong attempts caught.
export const testCommand: Command = {
  meta: {
    name: "test",
    summary: "Self-test labs: start fails, solution passes, each wrong attempt is caught",
    usage,
    examples: ["labs test 9", "labs test --all --registry docker --junit labs.xml"],
  },
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(
      args,
      { all: { type: "boolean" }, registry: { type: "string" }, junit: { type: "string" } },
      usage,
    );
    const kind = values.registry ?? "embedded";
    if (kind !== "docker" && kind !== "embedded")
      throw usageError(`--registry ${kind}: self-tests run on docker or embedded.`);
    const numbers = values.all
      ? (await listLabFiles(ctx.env)).map((e) => e.number)
      : positionals.map((p) => parseLabNumber(p, usage));
    if (numbers.length === 0) throw usageError("Which labs? Name them or pass --all.", `Usage: ${usage}`);
    const labs = (await Promise.all(numbers.map((n) => everyChoiceOf(n, ctx.env)))).flat();
    const editions = [...new Set(labs.filter((lab) => lab.edition === "learner").map((lab) => lab.number))];
    if (editions.length > 0)
      throw usageError(
        `Lab ${editions.join(", ")} is a learner edition, without a solution or wrong attempts to test.`,
        "Test the full edition (the course's own labs folder), not the one made for learners with `labs pack`.",
      );
    const registry = await startTestRegistry(kind);
    const c = paint(ctx.stdout, ctx.env);
    const started = performance.now();
    let results: CaseResult[];
    try {
      results = (await Promise.all(labs.map((lab) => selfTestLab(lab, registry)))).flat();
    } finally {
      await registry.dispose();
    }
    for (const r of results) ctx.stdout.write(formatCase(r, c));
    if (values.junit) await writeFile(values.junit, formatJunit(results, kind));
    const failed = results.filter((r) => r.status === "fail").length;
    const na = results.filter((r) => r.status === "n/a").length;
    const elapsed = Math.round(performance.now() - started);
    ctx.stdout.write(
      `\nlabs test on ${kind}: ${results.length - failed - na} cases passed, ${failed} failed, ${na} not applicable, in ${elapsed} ms\n`,
    );
    return failed === 0 ? EXIT.ok : EXIT.checksFailed;
  },
};

// Lab N once per value of its longest choice (once when it has none), read from its file.
async function everyChoiceOf(number: number, env: NodeJS.ProcessEnv): Promise<LabDefinition[]> {
  const first = await loadLab(number, env, { cache: false, pick: { index: 0 } });
  const others = Array.from({ length: choiceRuns(first.choices) - 1 }, (_, i) =>
    loadLab(number, env, { cache: false, pick: { index: i + 1 } }),
  );
  return [first, ...(await Promise.all(others))];
}

function formatCase(r: CaseResult, c: ChalkInstance): string {
  const mark =
    r.status === "pass"
      ? c.green(`${GLYPH.pass} pass`)
      : r.status === "n/a"
        ? c.dim(`${GLYPH.skipped} n/a `)
        : c.red(`${GLYPH.fail} FAIL`);
  const detail = r.status === "pass" ? "" : `\n    ${r.detail.replace(/\n/g, "\n    ")}`;
  return `${mark} lab ${r.lab} ${r.name} ${c.dim(`(${r.durationMs} ms)`)}${detail}\n`;
}
