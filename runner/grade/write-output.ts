import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { usageError } from "../errors.js";
import { GRADE_OUTPUT_FORMATS, isGradeOutputFormat, renderGradeRun } from "./outputs/index.js";
import type { GradeRun } from "./result.js";

// Writes the run in `format` to `output` (a file, or a folder for per-learner files) or to stdout.
export async function writeGradeOutput(
  run: GradeRun,
  format: string,
  output: string | undefined,
  stdout: { write(text: string): unknown },
): Promise<void> {
  if (!isGradeOutputFormat(format))
    throw usageError(`Unknown format "${format}".`, `Formats: ${GRADE_OUTPUT_FORMATS.join(", ")}.`);
  const rendered = renderGradeRun(run, format);
  if ("text" in rendered) {
    if (output) await writeFile(output, rendered.text);
    else stdout.write(rendered.text);
    return;
  }
  if (!output)
    throw usageError(`--format ${format} writes one file per learner.`, "Name a folder for them with `-o DIR`.");
  for (const [name, text] of Object.entries(rendered.files)) {
    await mkdir(dirname(join(output, name)), { recursive: true });
    await writeFile(join(output, name), text);
  }
  stdout.write(`Wrote ${Object.keys(rendered.files).length} files under ${output}.\n`);
}
