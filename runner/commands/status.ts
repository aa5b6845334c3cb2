import type { ChalkInstance } from "chalk";
import type { LabDefinition } from "../../grader/lab/types.js";
import { pingRegistry } from "../../grader/registry/ping.js";
import { parseCommandArgs } from "../args.js";
import { EXIT } from "../errors.js";
import { labsHome } from "../home.js";
import { loadLab } from "../lab-file/catalog.js";
import { type LabProgress, readState } from "../state/state.js";
import { GLYPH, paint } from "../ui/style.js";
import type { Command } from "./context.js";

const usage = "labs status [--json]";

// `labs status`: the registry (and whether it answers) and progress per lab, from the state file only.
export const statusCommand: Command = {
  meta: { name: "status", summary: "Show the registry and your progress", usage, examples: ["labs status --json"] },
  async run(args, ctx) {
    const { values } = parseCommandArgs(args, { json: { type: "boolean" } }, usage);
    const home = labsHome(ctx.env);
    const state = await readState(home.stateFile);
    const answering = state.registry ? await answers(state.registry.url) : false;
    if (values.json) {
      ctx.stdout.write(
        `${JSON.stringify({ home: home.root, registry: state.registry ? { ...state.registry, answering } : null, current: state.current ?? null, labs: state.labs }, null, 2)}\n`,
      );
      return EXIT.ok;
    }
    const c = paint(ctx.stdout, ctx.env);
    if (!state.registry) {
      ctx.stdout.write("No lab registry yet. Start a lab with `labs start N` (`labs list` shows them).\n");
      return EXIT.ok;
    }
    const health = answering
      ? c.green(`${GLYPH.pass} answering`)
      : c.red(`${GLYPH.fail} not answering (run \`labs start\`)`);
    ctx.stdout.write(`Registry: ${state.registry.hostPort} (${state.registry.kind}) ${health}\n`);
    for (const [number, progress] of Object.entries(state.labs)) {
      const last = progress.lastCheck
        ? `last check ${progress.lastCheck.passed}/${progress.lastCheck.total} at ${progress.lastCheck.at}`
        : "not checked yet";
      const mark = progress.passedAt ? c.green(`${GLYPH.pass} passed`) : c.yellow(`${GLYPH.info} in progress`);
      ctx.stdout.write(
        `Lab ${number}${Number(number) === state.current ? " (current)" : ""}: ${mark}, ${progress.checks} checks, ${last}\n`,
      );
      const lab = await loadLab(Number(number), ctx.env, { learner: progress.learner }).catch(() => undefined);
      for (const line of taskLines(progress, lab, new Date(), c)) ctx.stdout.write(`    ${line}\n`);
      for (const [key, value] of Object.entries(progress.answers ?? {})) {
        ctx.stdout.write(`    answer ${key} = ${JSON.stringify(value)}\n`);
      }
    }
    return EXIT.ok;
  },
};

async function answers(url: string): Promise<boolean> {
  try {
    return (await pingRegistry(url, { timeoutMs: 1_500 })).ok;
  } catch {
    return false;
  }
}

// One line per task: status as of the last check, checks it took, hints shown and time since the lab started.
export function taskLines(
  progress: LabProgress,
  lab: LabDefinition | undefined,
  now: Date,
  c: ChalkInstance,
): string[] {
  const ids = lab?.tasks.map((t) => t.id) ?? Object.keys(progress.tasks ?? {});
  return ids.map((id) => {
    const task = progress.tasks?.[id];
    const title = lab?.tasks.find((t) => t.id === id)?.title ?? id;
    const mark = !task
      ? c.dim(`${GLYPH.skipped} not checked`)
      : task.passedAt
        ? c.green(`${GLYPH.pass} passed`)
        : task.status === "error"
          ? c.yellow(`${GLYPH.error} error`)
          : c.red(`${GLYPH.fail} not yet`);
    const hints = progress.hints?.[id]?.length ?? 0;
    const until = task?.passedAt ? new Date(task.passedAt) : now;
    const time = formatDuration(until.getTime() - new Date(progress.startedAt).getTime());
    const attempts = task ? `${task.attempts} check${task.attempts === 1 ? "" : "s"}` : "0 checks";
    return `${mark} ${title} (${id}): ${attempts}, ${hints} hint${hints === 1 ? "" : "s"}, ${task?.passedAt ? "took" : "working for"} ${time}`;
  });
}

function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
