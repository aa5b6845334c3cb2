import { parseCommandArgs } from "../args.js";
import { EXIT } from "../errors.js";
import { labsHome } from "../home.js";
import { stopHomeRegistries } from "../registry/stop-home.js";
import { readState } from "../state/state.js";
import { GLYPH } from "../ui/style.js";
import type { Command } from "./context.js";

const usage = "labs stop [--purge]";

// `labs stop`: stops this home's registry (never another's); data stays unless --purge. Idempotent.
export const stopCommand: Command = {
  meta: {
    name: "stop",
    summary: "Stop the lab registry (--purge also deletes its data)",
    usage,
    examples: ["labs stop", "labs stop --purge"],
  },
  async run(args, ctx) {
    const { values } = parseCommandArgs(args, { purge: { type: "boolean" } }, usage);
    const home = labsHome(ctx.env);
    const state = await readState(home.stateFile);
    const purge = values.purge === true;
    const stopped = await stopHomeRegistries(home, ctx.env, {
      docker: state.registry?.kind === "docker" || purge,
      purge,
    });
    if (purge) {
      const { rm } = await import("node:fs/promises");
      await rm(home.registryDir, { recursive: true, force: true });
    }
    const what = stopped.length ? `Stopped ${stopped.join(" and ")}` : "No lab registry was running";
    ctx.stdout.write(
      `${GLYPH.pass} ${what}. ${purge ? "Its data was deleted; your progress record is kept." : "Your work is kept: `labs start N` brings it back."}\n`,
    );
    return EXIT.ok;
  },
};
