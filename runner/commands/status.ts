import { pingRegistry } from "../../grader/registry/ping.js";
import { parseCommandArgs } from "../args.js";
import { EXIT } from "../errors.js";
import { labsHome } from "../home.js";
import { readState } from "../state/state.js";
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
