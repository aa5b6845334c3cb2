import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { LabDefinition } from "../../grader/lab/types.js";
import type { LabSession } from "../lab-session.js";
import { prepareWorkspace } from "../workspace/prepare.js";

// Puts the lab's workspace files and layouts back as seeded (after a backup: this overwrites the learner's).
export async function resetWorkspace(lab: LabDefinition, session: LabSession, registry: string): Promise<void> {
  for (const file of lab.seed.files) await rm(join(session.workspace, file.path), { force: true });
  for (const layout of lab.seed.layouts)
    await rm(join(session.workspace, layout.path), { recursive: true, force: true });
  await prepareWorkspace(lab, session, registry);
}
