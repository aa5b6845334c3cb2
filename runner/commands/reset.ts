import { rm } from "node:fs/promises";
import { join } from "node:path";
import { parseCommandArgs, parseLabNumber } from "../args.js";
import { EXIT } from "../errors.js";
import { labsHome } from "../home.js";
import { loadLab } from "../lab-file/catalog.js";
import { recordedSession } from "../lab-session.js";
import { openRegistry } from "../registry/open.js";
import { backupLab } from "../reset/backup.js";
import { resetLab } from "../reset/reset-lab.js";
import { readState } from "../state/state.js";
import { GLYPH } from "../ui/style.js";
import { prepareWorkspace } from "../workspace/prepare.js";
import type { Command } from "./context.js";

const usage = "labs reset N";

// `labs reset N`: saves the learner's objects and files to a named backup, then restores the seeded state.
export const resetCommand: Command = {
  meta: {
    name: "reset",
    summary: "Back to the seeded state (your work is saved to a backup first)",
    usage,
    examples: ["labs reset 9"],
  },
  async run(args, ctx) {
    const { positionals } = parseCommandArgs(args, {}, usage);
    const number = parseLabNumber(positionals[0], usage);
    const lab = await loadLab(number, ctx.env);
    const home = labsHome(ctx.env);
    const state = await readState(home.stateFile);
    const registry = await openRegistry(state, number);
    const session = recordedSession(lab, home, state, ctx.env);
    const backup = await backupLab(registry.client, lab, session, join(home.root, "backups"));
    const report = await resetLab(registry.record.url, registry.record.capabilities, lab, session);
    for (const file of lab.seed.files) await rm(join(session.workspace, file.path), { force: true });
    for (const layout of lab.seed.layouts)
      await rm(join(session.workspace, layout.path), { recursive: true, force: true });
    await prepareWorkspace(lab, session, registry.record.hostPort);
    ctx.stdout.write(
      `${GLYPH.pass} Lab ${number} is back to its seeded state (${report.tagsRemoved} tags, ${report.manifestsRemoved} manifests and ${report.blobsRemoved} blobs of yours removed).\n` +
        `  Your work was saved first: ${backup.dir} (${backup.tags} tags as an OCI layout in registry/, your files in workspace/).\n`,
    );
    return EXIT.ok;
  },
};
