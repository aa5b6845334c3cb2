import { parseCommandArgs } from "../args.js";
import { EXIT } from "../errors.js";
import { labsHome } from "../home.js";
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
    const stopped: string[] = [];
    if (state.registry?.kind === "docker" || purge) {
      const docker = await import("../registry/docker/index.js");
      if (await docker.isDockerAvailable()) {
        if ((await docker.stopDockerRegistry(home.root, { purge })).containersRemoved > 0)
          stopped.push("the Docker registry container");
      }
    }
    const { stopEmbedded } = await import("../registry/embedded-launcher.js");
    if (await stopEmbedded(home.registryDir)) stopped.push("the embedded registry");
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
