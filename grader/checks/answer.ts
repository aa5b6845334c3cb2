import { formatPlatform, platformsEqual, runnablePlatforms } from "../oci/platform.js";
import { describeRole, type KnownDigest, knownFromRef, knownFromSeed } from "./answer-catalogue.js";
import { type Comparison, compareAnswer, describeShape, type Expected } from "./answer-compare.js";
import { computeExpected, objectRef } from "./answer-expected.js";
import { type AnswerCheckSpec, AnswerSourceError, validateAnswer } from "./answer-spec.js";
import { contentProblem, resolveImage } from "./content-image.js";
import { diffIdOf } from "./content-layers.js";
import { findMerged } from "./content-merged.js";
import type { GradeContext } from "./context.js";
import { type AnswerEvidence, askedRole, explainAnswer } from "./diagnose-content-answer.js";
import type { AnswerValue } from "./inputs.js";
import { type CheckOutcome, defineCheck } from "./kind.js";
import type { LabRef } from "./lab-ref.js";

// A learner's answer (`labs answer`) against a value computed at grading time from the registry or the seed
// facts, never a constant in the lab file. The expected value is never shown by default (showExpected: never),
// diagnoses name what the answer is (by role) without quoting the truth, and `feedback: coarse` says only right
// or wrong, so `labs check` cannot be used as an oracle.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#digests, https://github.com/opencontainers/image-spec/blob/v1.1.1/config.md
export const answer = defineCheck<AnswerCheckSpec>({
  kind: "answer",
  summary: "a learner's answer equals a value computed from the registry or the seed (digest, number, text, set, map)",
  showExpected: "never",
  validate: validateAnswer,
  async run(spec, ctx) {
    const given = ctx.answers.get(spec.key);
    if (given === undefined) {
      return {
        status: "fail",
        summary: `You have not answered \`${spec.key}\` yet.`,
        hint: `Answer with \`labs answer ${ctx.values.LAB ?? "N"} ${spec.key} VALUE\`.`,
      };
    }
    const expected = await expectedOrError(spec, ctx);
    if ("status" in expected) return expected;
    const comparison = compareAnswer(expected, given, spec.ordered);
    if (comparison.ok) return { status: "pass", summary: `Your answer to \`${spec.key}\` is right.` };
    if (spec.feedback === "coarse") {
      return {
        status: "fail",
        summary: `Your answer to \`${spec.key}\` is not right.`,
        hint: "Check how you worked it out; `labs answer` replaces an answer.",
      };
    }
    const evidence = await gatherEvidence(spec, ctx, expected);
    const why = explainAnswer(evidence, given, comparison);
    if (comparison.wrongType) {
      return {
        status: "fail",
        summary: `Your answer to \`${spec.key}\` is ${comparison.wrongType}, but the question wants ${describeShape(expected)}.`,
        expected: formatExpected(expected),
        actual: comparison.wrongType,
        ...(why ? { diagnosis: why.diagnosis } : {}),
        hint: why?.hint ?? `Answer with ${describeShape(expected)}.`,
      };
    }
    return {
      status: "fail",
      summary: `Your answer to \`${spec.key}\` is not right.`,
      expected: formatExpected(expected),
      actual: describeAnswer(evidence, given, comparison),
      ...(why ? { diagnosis: why.diagnosis } : {}),
      hint: why?.hint ?? "Work it out again from the registry's objects, step by step.",
    };
  },
});

async function expectedOrError(spec: AnswerCheckSpec, ctx: GradeContext): Promise<Expected | CheckOutcome> {
  try {
    return await computeExpected(spec, ctx);
  } catch (error) {
    const reason = error instanceof AnswerSourceError ? error.message : contentProblem(error);
    if (reason === undefined) throw error;
    return {
      status: "error",
      summary: `cannot compute the answer to \`${spec.key}\`: ${reason} (\`labs reset\` restores the seeded objects)`,
    };
  }
}

async function gatherEvidence(spec: AnswerCheckSpec, ctx: GradeContext, expected: Expected): Promise<AnswerEvidence> {
  const ref = objectRef(spec, ctx);
  const fact = spec.seed ? ctx.seed.get(spec.seed) : undefined;
  const known: KnownDigest[] = ref ? await knownFromRef(ctx, ref) : fact ? knownFromSeed(fact) : [];
  const topRaw = ref ? (await ctx.manifest(ref))?.raw : undefined;
  let diffIds: string[] | undefined;
  if (ref && /^chainIds?$/.test(spec.field)) {
    const view = await resolveImage(ctx, ref, spec.platform);
    if (view.ok)
      diffIds = await Promise.all(view.value.manifest.value.layers.map((l) => diffIdOf(ctx, view.value.repository, l)));
  }
  const hidden = ref && spec.path && /^file/.test(spec.field) ? await hiddenInMerged(ctx, ref, spec) : false;
  const otherPlatforms = ref && spec.field === "statement" ? await statementsElsewhere(spec, ctx, ref) : undefined;
  return {
    spec,
    expected,
    known,
    hidden,
    ...(topRaw ? { topRaw } : {}),
    ...(diffIds ? { diffIds } : {}),
    ...(otherPlatforms ? { otherPlatforms } : {}),
  };
}

// The same statement value read from every other runnable platform of the index (an answer from the wrong
// image's attestation is then recognised).
async function statementsElsewhere(spec: AnswerCheckSpec, ctx: GradeContext, ref: LabRef) {
  const index = (await ctx.manifest(ref))?.value;
  if (index?.kind !== "index" || !spec.platform) return undefined;
  const asked = spec.platform;
  const found: { platform: string; value: string }[] = [];
  for (const entry of runnablePlatforms(index)) {
    if (!entry.platform || platformsEqual(entry.platform, asked)) continue;
    const value = await computeExpected({ ...spec, platform: entry.platform }, ctx).catch(() => undefined);
    if (value && (value.type === "number" || value.type === "string" || value.type === "token"))
      found.push({ platform: formatPlatform(entry.platform), value: String(value.value) });
  }
  return found;
}

// Whether a later layer deletes the path from the merged filesystem while a lower layer still has it.
async function hiddenInMerged(ctx: GradeContext, ref: LabRef, spec: AnswerCheckSpec): Promise<boolean> {
  const view = await resolveImage(ctx, ref, spec.platform);
  if (!view.ok) return false;
  const merged = await findMerged(ctx, view.value.repository, view.value.manifest.value.layers, spec.path ?? "", {
    scanBelow: true,
  });
  return merged.hidden !== undefined && merged.below.length > 0;
}

// The expected value in words (shown only where a lab allows it with showExpected).
function formatExpected(expected: Expected): string {
  if (expected.type === "list") return expected.value.join(", ");
  if (expected.type === "map")
    return Object.entries(expected.value)
      .map(([k, v]) => `${k} → ${v}`)
      .join(", ");
  return String(expected.value);
}

// What the answer is, without quoting anything that could contain the expected value.
function describeAnswer(evidence: AnswerEvidence, given: AnswerValue, comparison: Comparison): string {
  const { expected } = evidence;
  if (expected.type === "number" || expected.type === "token") return String(given);
  if (Array.isArray(given) || typeof given === "object") {
    const items = Array.isArray(given) ? given.length : Object.keys(given).length;
    return `${items} item${items === 1 ? "" : "s"}: ${comparison.right ?? 0} right, ${comparison.extra?.length ?? 0} not expected, ${comparison.missing ?? 0} missing`;
  }
  if (expected.type === "digest") {
    const hit = evidence.known.find((k) => k.digest === String(given).trim());
    if (hit && askedRole(evidence.spec, evidence.known)) return describeRole(hit.role, hit.platform, hit.layer);
    return /^sha256:[0-9a-f]{64}$/.test(String(given)) ? "another digest" : "not a full digest";
  }
  return `a different text (${String(given).length} characters)`;
}
