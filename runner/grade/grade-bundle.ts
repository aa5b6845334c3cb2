import { createReadStream } from "node:fs";
import { basename } from "node:path";
import { readBundle } from "../../grader/bundle/read.js";
import { bundleSource, bundleWorkspace } from "../../grader/bundle/source.js";
import type { AnswerValue } from "../../grader/checks/inputs.js";
import { gradeLab } from "../../grader/grade.js";
import { type LabDefinition, labPrefix } from "../../grader/lab/types.js";
import { seedFacts } from "../seeding/plan.js";
import { learnerVariant } from "../seeding/variant.js";
import type { LearnerResult } from "./result.js";
import type { LabForLearner } from "./run-grading.js";

/** What a bundle's result proves, in the words every output repeats. */
export const BUNDLE_PROVES =
  "Graded from a submission bundle: every object was hash-verified, so its content is proven; which tag pointed where, and what was deleted, are the learner's claims.";

// Grades one bundle file for lab `number`, with its learner's choices; an unreadable, hostile or mismatched bundle
// becomes a result with `error`.
export async function gradeBundleFile(
  file: string,
  number: number,
  labFor: LabForLearner,
  courseKey: string,
): Promise<LearnerResult> {
  const fallback = { learner: basename(file), source: { kind: "bundle", file } } as const;
  let bundle: Awaited<ReturnType<typeof readBundle>>;
  try {
    bundle = await readBundle(createReadStream(file));
  } catch (error) {
    return { ...fallback, error: `the bundle cannot be graded: ${(error as Error).message}` };
  }
  const { index } = bundle;
  const learner = index.learner ?? undefined;
  const source = { kind: "bundle", file, digest: bundle.digest } as const;
  const base = { learner: learner ?? "local", source, progress: index.progress };
  if (index.lab.number !== number)
    return { ...base, error: `the bundle is for lab ${index.lab.number}, not lab ${number}` };
  const lab = await labFor(learner);
  const prefix = labPrefix(lab.number, learner);
  if (index.prefix !== prefix)
    return {
      ...base,
      error: `the bundle's repositories are under ${index.prefix}, not ${prefix} as its learner implies`,
    };
  const report = await gradeLab(lab, {
    source: bundleSource(bundle),
    prefix,
    seed: seedFacts(lab.seed, learnerVariant(lab.number, learner, courseKey)),
    answers: declaredAnswers(lab, index.answers),
    workspace: bundleWorkspace(bundle),
    evidence: { kind: "bundle", digest: bundle.digest, proves: BUNDLE_PROVES },
  });
  return { ...base, report };
}

// The answers a lab declares, of a shape an answer can have; anything else in a bundle is ignored (unanswered).
export function declaredAnswers(
  lab: LabDefinition,
  answers: Readonly<Record<string, unknown>>,
): Map<string, AnswerValue> {
  const out = new Map<string, AnswerValue>();
  for (const [key, value] of Object.entries(answers)) {
    if (!(key in lab.answers)) continue;
    if (typeof value === "string" || (typeof value === "number" && Number.isFinite(value))) out.set(key, value);
    else if (Array.isArray(value) && value.every((v) => typeof v === "string")) out.set(key, value);
    else if (isStringMap(value)) out.set(key, value);
  }
  return out;
}

function isStringMap(value: unknown): value is Record<string, string> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === "string")
  );
}
