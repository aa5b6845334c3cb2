import { parseCommandArgs, parseLabNumber } from "../args.js";
import { EXIT, LabsError } from "../errors.js";
import { labsHome } from "../home.js";
import { loadRecordedLab, recordedSession, sessionValues } from "../lab-session.js";
import { readState, updateState } from "../state/state.js";
import { GLYPH } from "../ui/style.js";
import type { Command } from "./context.js";
import { currentLab } from "./open-lab.js";

const usage = "labs solution [N]";

// `labs solution`: the reference solution, once the learner passed the lab (or ran the checks the lab asks for).
export const solutionCommand: Command = {
  meta: {
    name: "solution",
    summary: "Show a lab's reference solution (after you pass it, or after enough attempts if the lab allows)",
    usage,
    examples: ["labs solution", "labs solution 9"],
  },
  async run(args, ctx) {
    const { positionals } = parseCommandArgs(args, {}, usage);
    const home = labsHome(ctx.env);
    const state = await readState(home.stateFile);
    const number = positionals[0] === undefined ? currentLab(state.current) : parseLabNumber(positionals[0], usage);
    const lab = await loadRecordedLab(number, state, ctx.env);
    const { solution } = lab;
    if (!solution)
      throw new LabsError(
        "SOLUTION_LOCKED",
        `This edition of lab ${number} ships without its solution.`,
        "Ask your course staff; `labs check` and `labs hint` still work.",
      );
    const progress = state.labs[String(number)];
    const checks = progress?.checks ?? 0;
    const after = lab.solutionAfterChecks;
    if (!progress?.passedAt && (after === undefined || checks < after)) {
      const more = after === undefined ? "" : `, or after ${after} checks (you have run ${checks})`;
      throw new LabsError(
        "SOLUTION_LOCKED",
        `The solution of lab ${number} opens once you pass it${more}.`,
        "Keep going: `labs check` says what is still wrong and `labs hint` gives the next hint.",
      );
    }
    const session = await recordedSession(lab, home, state, ctx.env);
    const values = sessionValues(session, state.registry?.hostPort ?? "", number);
    await updateState(home.stateFile, (s) => {
      const p = s.labs[String(number)];
      if (!p || p.solutionShownAt) return s;
      return { ...s, labs: { ...s.labs, [String(number)]: { ...p, solutionShownAt: new Date().toISOString() } } };
    });
    const shown = Object.entries(values)
      .filter(([name]) => solution.run.includes(`$${name}`) || solution.run.includes(`\${${name}`))
      .map(([name, value]) => `export ${name}=${shellQuote(value)}`);
    ctx.stdout.write(
      `${GLYPH.info} The reference solution of lab ${number} (${solution.tools.join(", ")}):\n\n` +
        `${shown.join("\n")}${shown.length ? "\n" : ""}${solution.run.trimEnd()}\n`,
    );
    return EXIT.ok;
  },
};

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
