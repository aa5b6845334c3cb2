import type { LabDefinition } from "../../grader/lab/types.js";
import type { ObjectSource } from "../../grader/registry/source.js";
import { mapLimit } from "../registry-client/concurrency.js";
import { gradeBundleFile } from "./grade-bundle.js";
import { gradeNamespace } from "./grade-namespace.js";
import type { GradeProgress } from "./progress.js";
import type { GradeRun, LearnerResult } from "./result.js";

/** What to grade: bundle files, or the roster's namespaces on a course registry. */
export type GradeTargets =
  | { readonly kind: "bundles"; readonly files: readonly string[] }
  | {
      readonly kind: "registry";
      readonly url: string;
      readonly source: ObjectSource;
      readonly learners: readonly string[];
    };

/** Lab N with one learner's choices picked (the shared values for a bundle without a learner). */
export type LabForLearner = (learner: string | undefined) => Promise<LabDefinition>;

/** How a run grades. */
export interface GradeRunOptions {
  /** The lab as the gradebook names it (number, slug, title). */
  readonly lab: LabDefinition;
  readonly labFor: LabForLearner;
  readonly labVersion: string;
  readonly toolVersion: string;
  readonly courseKey: string;
  readonly concurrency: number;
  readonly progress?: GradeProgress;
  readonly now?: () => Date;
}

// Grades every target with at most `concurrency` at once; results keep the input order.
export async function runGrading(targets: GradeTargets, options: GradeRunOptions): Promise<GradeRun> {
  const { lab, labFor, courseKey } = options;
  const one = async (grade: () => Promise<LearnerResult>) => {
    const result = await grade();
    options.progress?.done(result.error !== undefined);
    return result;
  };
  const results =
    targets.kind === "bundles"
      ? await mapLimit(targets.files, options.concurrency, (file) =>
          one(() => gradeBundleFile(file, lab.number, labFor, courseKey)),
        )
      : await mapLimit(targets.learners, options.concurrency, (learner) =>
          one(async () => gradeNamespace(targets.source, targets.url, learner, await labFor(learner), courseKey)),
        );
  options.progress?.finish();
  return {
    gradeVersion: 1,
    lab: { number: lab.number, slug: lab.slug, title: lab.title, version: options.labVersion },
    tool: { name: "labs", version: options.toolVersion },
    gradedAt: (options.now?.() ?? new Date()).toISOString(),
    results,
  };
}
