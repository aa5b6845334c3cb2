import { mkdir } from "node:fs/promises";
import type { LabDefinition } from "../../grader/lab/types.js";
import type { LabSession } from "../lab-session.js";
import { buildSeed } from "../seeding/build.js";
import { type WrittenFile, writeWorkspaceFiles } from "./write-files.js";
import { writeLayout } from "./write-layout.js";

// Writes a lab's workspace: its files (placeholders filled) and its OCI image layouts; the learner's changes are kept.
export async function prepareWorkspace(
  lab: LabDefinition,
  session: LabSession,
  registry: string,
): Promise<WrittenFile[]> {
  await mkdir(session.workspace, { recursive: true });
  const digests = new Map([...session.facts].map(([name, fact]) => [name, fact.digest as string]));
  const values = { registry, prefix: session.prefix, workspace: session.workspace, digests };
  const files = await writeWorkspaceFiles(session.workspace, lab.seed.files, values);
  const objects = buildSeed(lab.seed, session.variant);
  for (const layout of lab.seed.layouts) files.push(await writeLayout(session.workspace, layout, objects));
  return files;
}
