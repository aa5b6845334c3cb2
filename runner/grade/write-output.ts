import { writeFile } from "node:fs/promises";
import { usageError } from "../errors.js";
import type { GradeRun } from "./result.js";

/** The formats `labs grade --format` writes. */
export const GRADE_FORMATS = ["text", "json"] as const;

// Writes the run in `format` to `output` (a file) or to stdout.
export async function writeGradeOutput(
  run: GradeRun,
  format: string,
  output: string | undefined,
  stdout: { write(text: string): unknown },
): Promise<void> {
  if (!(GRADE_FORMATS as readonly string[]).includes(format))
    throw usageError(`Unknown format "${format}".`, `Formats: ${GRADE_FORMATS.join(", ")}.`);
  const text = format === "json" ? `${JSON.stringify(run, null, 2)}\n` : textSummary(run);
  if (output) await writeFile(output, text);
  else stdout.write(text);
}

function textSummary(run: GradeRun): string {
  return run.results
    .map((r) =>
      r.report
        ? `${r.report.status === "pass" ? "✔ pass" : "✘ FAIL"} ${r.learner}: ${r.report.earned}/${r.report.points}`
        : `! ERROR ${r.learner}: ${r.error}`,
    )
    .join("\n")
    .concat("\n");
}
