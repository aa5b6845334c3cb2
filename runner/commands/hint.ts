import { join } from "node:path";
import { parseCommandArgs, parseLabNumber } from "../args.js";
import { EXIT, LabsError, usageError } from "../errors.js";
import { labsHome } from "../home.js";
import { fillText } from "../lab-file/template.js";
import { loadRecordedLab } from "../lab-session.js";
import { readState, updateState } from "../state/state.js";
import { GLYPH } from "../ui/style.js";
import type { Command } from "./context.js";

const usage = "labs hint [N] [TASK]";

// `labs hint`: the next hint of a task (the first task not yet passed by default), recorded with the time.
export const hintCommand: Command = {
  meta: {
    name: "hint",
    summary: "Show the next hint for a task",
    usage,
    examples: ["labs hint", "labs hint 9 mirror-legacy"],
  },
  async run(args, ctx) {
    const { positionals } = parseCommandArgs(args, {}, usage);
    const home = labsHome(ctx.env);
    const state = await readState(home.stateFile);
    const number = positionals[0] !== undefined ? parseLabNumber(positionals[0], usage) : state.current;
    if (number === undefined)
      throw new LabsError("NO_LAB_STARTED", "No lab has been started yet.", "Run `labs start N` first.");
    const lab = await loadRecordedLab(number, state, ctx.env);
    const progress = state.labs[String(number)];
    if (!progress)
      throw new LabsError(
        "NO_LAB_STARTED",
        `Lab ${number} has not been started.`,
        `Run \`labs start ${number}\` first.`,
      );
    const task = positionals[1] !== undefined ? lab.tasks.find((t) => t.id === positionals[1]) : lab.tasks[0];
    if (!task)
      throw usageError(
        `Lab ${number} has no task "${positionals[1]}".`,
        `Tasks: ${lab.tasks.map((t) => t.id).join(", ")}.`,
      );
    const shown = progress.hints?.[task.id] ?? [];
    const index = Math.min(shown.length, task.hints.length - 1);
    const hint = fillText(task.hints[index] ?? "", {
      registry: state.registry?.hostPort ?? "",
      prefix: progress.prefix,
      workspace: join(home.workspaceDir, progress.prefix),
    });
    if (shown.length < task.hints.length) {
      await updateState(home.stateFile, (s) => {
        const p = s.labs[String(number)]!;
        return {
          ...s,
          labs: {
            ...s.labs,
            [String(number)]: { ...p, hints: { ...p.hints, [task.id]: [...shown, new Date().toISOString()] } },
          },
        };
      });
    }
    const last = shown.length >= task.hints.length - 1 ? " (the last one)" : "";
    ctx.stdout.write(`${GLYPH.info} Hint ${index + 1} of ${task.hints.length} for ${task.title}${last}:\n  ${hint}\n`);
    return EXIT.ok;
  },
};
