import { shortDigest } from "./describe.js";
import { refAndSeed } from "./fields.js";
import { defineCheck } from "./kind.js";
import type { LabRef } from "./lab-ref.js";

/** A seeded tag still points at the object it was seeded with. */
export interface TagUnchangedSpec {
  readonly ref: LabRef;
  readonly seed: string;
}

// Guards sources: a task that must not move or delete a tag (tags are mutable; digests are not).
export const tagUnchanged = defineCheck<TagUnchangedSpec>({
  kind: "tag-unchanged",
  summary: "a seeded tag still points at its seeded object",
  gradableFromBundle: false,
  validate: (fields, scope) => refAndSeed(fields, scope),
  async run(spec, ctx) {
    const expected = ctx.seed.get(spec.seed);
    if (!expected)
      return { status: "error", summary: `the seeded object "${spec.seed}" is unknown to this grader run` };
    const actual = await ctx.manifest(spec.ref);
    if (!actual) {
      return {
        status: "fail",
        summary: `\`${spec.ref.text}\` was deleted.`,
        expected: `digest ${shortDigest(expected.digest)}`,
        actual: "no such tag",
        hint: "Leave the source untouched; `labs reset` puts every seeded tag back (your work is saved to a backup first).",
      };
    }
    if (actual.digest === expected.digest) {
      return { status: "pass", summary: `\`${spec.ref.text}\` is unchanged.` };
    }
    return {
      status: "fail",
      summary: `\`${spec.ref.text}\` now points at another object.`,
      expected: `digest ${shortDigest(expected.digest)}`,
      actual: `digest ${shortDigest(actual.digest)}`,
      diagnosis: "The source tag was overwritten: something was pushed to the source instead of the target.",
      hint: "Check the direction of your copy (source first, then destination); `labs reset` puts every seeded tag back (your work is saved to a backup first).",
    };
  },
});
