import type { BundleIndex } from "../../grader/bundle/format.js";
import { DEFAULT_BUNDLE_LIMITS } from "../../grader/bundle/read.js";
import type { LabDefinition } from "../../grader/lab/types.js";
import type { ObjectSource } from "../../grader/registry/source.js";
import type { LabSession } from "../lab-session.js";
import { labRepositories } from "../reset/repositories.js";
import type { LabProgress } from "../state/state.js";
import { collectRepositories } from "./collect.js";
import { declaredWorkspacePaths, gatherWorkspaceFiles } from "./workspace-files.js";
import { type WrittenBundle, writeBundle } from "./write-bundle.js";

/** Everything a submission records besides the registry's objects. */
export interface SubmissionInputs {
  readonly lab: LabDefinition;
  readonly labVersion: string;
  readonly toolVersion: string;
  readonly session: LabSession;
  readonly progress: LabProgress | undefined;
  readonly now: Date;
}

// Builds lab N's bundle: the lab's repositories as the registry serves them now, the answers, the declared
// workspace files and the learner's progress (hints, attempts), in the deterministic bundle format.
export async function buildSubmission(source: ObjectSource, inputs: SubmissionInputs): Promise<WrittenBundle> {
  const { lab, session, progress } = inputs;
  const repositories = labRepositories(lab).map((r) => `${session.prefix}/${r}`);
  const collected = await collectRepositories(source, repositories, DEFAULT_BUNDLE_LIMITS.maxBundleBytes / 2);
  const files = await gatherWorkspaceFiles(session.workspace, declaredWorkspacePaths(lab));
  const content: Omit<BundleIndex, "bundleVersion" | "files"> = {
    lab: { number: lab.number, slug: lab.slug, version: inputs.labVersion },
    tool: { name: "labs", version: inputs.toolVersion },
    learner: session.learner ?? null,
    prefix: session.prefix,
    createdAt: inputs.now.toISOString(),
    repositories: collected.repositories,
    answers: progress?.answers ?? {},
    progress: {
      hints: Object.fromEntries(Object.entries(progress?.hints ?? {}).map(([task, shown]) => [task, shown.length])),
      attempts: progress?.checks ?? 0,
      solutionShown: progress?.solutionShownAt !== undefined,
    },
  };
  return writeBundle(content, collected.objects, files);
}
