import { parseCommandArgs } from "../args.js";
import { doctorChecks } from "../doctor/checks/index.js";
import { createDoctorContext } from "../doctor/context.js";
import { machineDoctorDeps } from "../doctor/deps.js";
import { renderDoctor, renderDoctorJson } from "../doctor/render.js";
import { hasBlockingProblem, runDoctor } from "../doctor/runner.js";
import { EXIT, usageError } from "../errors.js";
import { paint } from "../ui/style.js";
import type { Command } from "./context.js";

const usage = "labs doctor [--json]";
/** Commands stop asking after this long; each check is cut off a little later, so the run ends within ~5 s. */
const BUDGET_MS = 4_500;
const CHECK_TIMEOUT_MS = 5_000;

// `labs doctor`: what on this machine helps or blocks the labs, each problem with what to do.
export const doctorCommand: Command = {
  meta: {
    name: "doctor",
    summary: "Diagnose this machine for the labs: Node, Docker, the lab registry, tools, ports, disk",
    usage,
    examples: ["labs doctor", "labs doctor --json"],
  },
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: "boolean" } }, usage);
    if (positionals.length > 0)
      throw usageError(`\`labs doctor\` takes no argument ("${positionals[0]}").`, `Usage: ${usage}`);
    const deps = machineDoctorDeps(ctx.env, BUDGET_MS);
    const report = await runDoctor(doctorChecks(), createDoctorContext(deps), CHECK_TIMEOUT_MS);
    ctx.stdout.write(values.json ? renderDoctorJson(report) : renderDoctor(report, paint(ctx.stdout, ctx.env)));
    return hasBlockingProblem(report) ? EXIT.environment : EXIT.ok;
  },
};
