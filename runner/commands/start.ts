import { labPrefix } from "../../grader/lab/types.js";
import { parseCommandArgs, parseLabNumber } from "../args.js";
import { EXIT, usageError } from "../errors.js";
import { labsHome } from "../home.js";
import { loadLab } from "../lab-file/catalog.js";
import { ensureRegistry, parseRegistryRequest } from "../registry/select.js";
import { seedLab } from "../seeding/push.js";
import { readState, updateState } from "../state/state.js";
import { renderStart } from "../ui/render-start.js";
import { paint } from "../ui/style.js";
import type { Command } from "./context.js";

const usage = "labs start N [--registry docker|embedded|URL] [--port P]";

// `labs start N`: makes sure a registry runs, seeds the lab into it and shows the task.
export const startCommand: Command = {
  meta: {
    name: "start",
    summary: "Start a lab: a registry, the seeded images and your task",
    usage,
    examples: ["labs start 9", "labs start 9 --registry embedded", "LABS_REGISTRY=docker labs start 9"],
  },
  async run(args, ctx) {
    const started = performance.now();
    const { values, positionals } = parseCommandArgs(args, { registry: { type: "string" }, port: { type: "string" } }, usage);
    const number = parseLabNumber(positionals[0], usage);
    const port = values.port === undefined ? undefined : parsePort(values.port);
    const lab = await loadLab(number, ctx.env);
    const home = labsHome(ctx.env);
    const state = await readState(home.stateFile);
    const chosen = await ensureRegistry(home, state, parseRegistryRequest(values.registry ?? ctx.env.LABS_REGISTRY), port);
    const prefix = labPrefix(number);
    await seedLab(chosen.record.url, prefix, lab.seed);
    await updateState(home.stateFile, (s) => ({
      ...s,
      port: chosen.record.kind === "remote" ? s.port : Number(new URL(chosen.record.url).port),
      registry: chosen.record,
      current: number,
      labs: { ...s.labs, [String(number)]: s.labs[String(number)] ?? { startedAt: new Date().toISOString(), prefix, checks: 0 } },
    }));
    const c = paint(ctx.stdout, ctx.env);
    ctx.stdout.write(renderStart(lab, chosen, prefix, Math.round(performance.now() - started), c));
    return EXIT.ok;
  },
};

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) throw usageError(`--port ${text} is not a port from 1024 to 65535.`);
  return port;
}
