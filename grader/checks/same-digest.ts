import { describeKind, shortDigest } from "./describe.js";
import { explainDigestMismatch } from "./explain-digest.js";
import { refAndSeed } from "./fields.js";
import { defineCheck } from "./kind.js";
import type { LabRef } from "./lab-ref.js";

/** `ref` must resolve to exactly the seeded object `seed`: same digest, served with the same media type. */
export interface SameDigestSpec {
  readonly ref: LabRef;
  readonly seed: string;
}

// Digest identity is byte identity (image-spec descriptor.md, "Digests"): a copy that keeps the digest kept every byte.
export const sameDigest = defineCheck<SameDigestSpec>({
  kind: "same-digest",
  summary: "a reference resolves to the very bytes of a seeded object (same digest and media type)",
  validate: (fields, scope) => refAndSeed(fields, scope),
  async run(spec, ctx) {
    const expected = ctx.seed.get(spec.seed);
    if (!expected)
      return { status: "error", summary: `the seeded object "${spec.seed}" is unknown to this grader run` };
    const actual = await ctx.manifest(spec.ref);
    const want = `${describeKind(expected.mediaType)} with digest ${shortDigest(expected.digest)}`;
    if (!actual) {
      return {
        status: "fail",
        summary: `\`${spec.ref.text}\` does not exist.`,
        expected: want,
        actual: "no such tag",
        hint: `Copy the source into \`${spec.ref.text}\`.`,
      };
    }
    const found = `${describeKind(actual.mediaType)} with digest ${shortDigest(actual.digest)}`;
    if (actual.digest === expected.digest && actual.mediaType === expected.mediaType) {
      return { status: "pass", summary: `\`${spec.ref.text}\` has the source's digest ${shortDigest(actual.digest)}.` };
    }
    if (actual.digest === expected.digest) {
      return {
        status: "fail",
        summary: `\`${spec.ref.text}\` has the right bytes but is served as ${actual.mediaType}.`,
        expected: want,
        actual: found,
        diagnosis: "The manifest was pushed with a Content-Type that differs from its media type.",
        hint: "Push the manifest with the Content-Type its `mediaType` names.",
      };
    }
    const why = await explainDigestMismatch(spec.ref.text, spec.ref.repository, expected, actual, ctx);
    return {
      status: "fail",
      summary: `\`${spec.ref.text}\` has a different digest from the source.`,
      expected: want,
      actual: found,
      diagnosis: why.diagnosis,
      hint: why.hint,
    };
  },
});
