import type { ChalkInstance } from "chalk";
import type { LabDefinition } from "../../grader/lab/types.js";
import { fillText } from "../lab-file/template.js";
import type { LabSession } from "../lab-session.js";
import type { ChosenRegistry } from "../registry/select.js";
import type { WrittenFile } from "../workspace/write-files.js";
import { GLYPH } from "./style.js";

/** How `labs start` went: the workspace files written, whether the seed was already there, how long it took. */
export interface StartOutcome {
  readonly files: readonly WrittenFile[];
  readonly resumed: boolean;
  readonly elapsedMs: number;
}

// What `labs start` prints: where the registry is, the lab's introduction, the tasks, and how to check.
export function renderStart(
  lab: LabDefinition,
  chosen: ChosenRegistry,
  session: LabSession,
  outcome: StartOutcome,
  c: ChalkInstance,
): string {
  const { files, resumed, elapsedMs } = outcome;
  const registry = `Registry ready at ${c.bold(chosen.record.hostPort)} (${chosen.record.kind}: ${chosen.reason})`;
  const progress = resumed
    ? `lab ${lab.number} resumed as you left it, in ${elapsedMs} ms (\`labs reset ${lab.number}\` brings the seed back)`
    : `lab seeded in ${elapsedMs} ms`;
  const values = { registry: chosen.record.hostPort, prefix: session.prefix, workspace: session.workspace };
  const lines = [
    c.green(`${GLYPH.pass} ${registry}; ${progress}.`),
    "",
    c.bold(`Lab ${lab.number}: ${lab.title}`) + c.dim(`  (${lab.level}, ~${lab.minutes} min)`),
    "",
    fillText(lab.intro, values).trimEnd(),
    "",
  ];
  if (files.length > 0) {
    lines.push(`Your workspace: ${c.bold(session.workspace)}`);
    for (const file of files) {
      const note = file.outcome === "kept-yours" ? c.yellow(" (kept your changed version)") : "";
      lines.push(`  ${file.path}${note}`);
    }
    lines.push("");
  }
  lab.tasks.forEach((task, i) => {
    lines.push(
      c.bold(`Task ${i + 1}: ${task.title}`) +
        c.dim(` [${task.id}, ${task.points} ${task.points === 1 ? "point" : "points"}]`),
    );
    lines.push(fillText(task.text, values).trimEnd(), "");
  });
  lines.push(`The registry speaks plain HTTP on loopback: tools need their "insecure"/"tls-verify=false" option.`);
  lines.push(`When you are done, run ${c.cyan(`labs check ${lab.number}`)}.`);
  return `${lines.join("\n")}\n`;
}
