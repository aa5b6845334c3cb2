import { bundleWorkspace } from "../../grader/bundle/source.js";
import { gradeLab } from "../../grader/grade.js";
import { type LabDefinition, labPrefix } from "../../grader/lab/types.js";
import type { ObjectSource } from "../../grader/registry/source.js";
import { seedFacts } from "../seeding/plan.js";
import { learnerVariant } from "../seeding/variant.js";
import { declaredAnswers } from "./grade-bundle.js";
import type { LearnerResult } from "./result.js";
import { readSubmission } from "./submission-artifact.js";

/** What a result graded on a course registry proves. */
export const REGISTRY_PROVES =
  "Graded on the course registry itself: tags, presence and absence were read there, and the learner id comes from the roster.";

// Grades one learner's namespace on a course registry; answers and workspace files come from the submission the
// learner pushed (`labs submit --to`), when there is one.
export async function gradeNamespace(
  source: ObjectSource,
  url: string,
  learner: string,
  lab: LabDefinition,
  courseKey: string,
): Promise<LearnerResult> {
  const prefix = labPrefix(lab.number, learner);
  const base = { learner, source: { kind: "registry", url, prefix } } as const;
  let submission: Awaited<ReturnType<typeof readSubmission>>;
  try {
    submission = await readSubmission(source, prefix);
  } catch (error) {
    return { ...base, error: `the learner's submission cannot be read: ${(error as Error).message}` };
  }
  try {
    const report = await gradeLab(lab, {
      source,
      prefix,
      seed: seedFacts(lab.seed, learnerVariant(lab.number, learner, courseKey)),
      answers: declaredAnswers(lab, submission?.index.answers ?? {}),
      workspace: submission ? bundleWorkspace(submission) : undefined,
      evidence: { kind: "registry", proves: REGISTRY_PROVES },
    });
    return { ...base, report, progress: submission?.index.progress };
  } catch (error) {
    return { ...base, error: `grading stopped: ${(error as Error).message}` };
  }
}
