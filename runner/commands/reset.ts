import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseCommandArgs, parseLabNumber } from "../args.js";
import { EXIT } from "../errors.js";
import { labsHome } from "../home.js";
import { loadRecordedLab, recordedSession } from "../lab-session.js";
import { openRegistry } from "../registry/open.js";
import { backupLab } from "../reset/backup.js";
import { resetLab } from "../reset/reset-lab.js";
import { resetWorkspace } from "../reset/reset-workspace.js";
import { seedMark, withMark } from "../seeding/resume.js";
import { readState, updateState } from "../state/state.js";
import { GLYPH } from "../ui/style.js";
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
    const home = labsHome(ctx.env);
    const state = await readState(home.stateFile);
    const lab = await loadRecordedLab(number, state, ctx.env);
    const registry = await openRegistry(state, number);
    const session = await recordedSession(lab, home, state, ctx.env);
    const backup = await backupLab(registry.client, lab, session, join(home.root, "backups"));
    const report = await resetLab(registry.record.url, registry.record.capabilities, lab, session);
    await resetWorkspace(lab, session, registry.record.hostPort);
    const answers = state.labs[String(number)]?.answers ?? {};
    await writeFile(join(backup.dir, "answers.json"), `${JSON.stringify(answers, null, 2)}\n`);
    await updateState(home.stateFile, (s) => {
      const progress = s.labs[String(number)];
      if (!progress) return s;
      // The seed is complete in this registry now, so a later `labs start` resumes rather than seeds again.
      const seeded = withMark(progress, seedMark(registry.record, home, session.prefix, session.variant));
      return { ...s, labs: { ...s.labs, [String(number)]: { ...progress, answers: {}, seeded } } };
    });
    ctx.stdout.write(
      `${GLYPH.pass} Lab ${number} is back to its seeded state (${report.tagsRemoved} tags, ${report.manifestsRemoved} manifests and ${report.blobsRemoved} blobs of yours removed).\n` +
        `  Your work was saved first: ${backup.dir} (${backup.tags} tags as an OCI layout in registry/, your files in workspace/, your answers in answers.json).\n`,
    );
    return EXIT.ok;
  },
};
