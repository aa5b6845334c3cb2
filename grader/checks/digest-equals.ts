import type { Digest } from "../oci/digest.js";
import type { Fetched, Manifest, Platform } from "../oci/types.js";
import type { GradeContext, SeedFact } from "./context.js";
import { describeKind, shortDigest } from "./describe.js";
import { factOfObserved, seedTarget } from "./diagnose-objects.js";
import { isFetchedIndex } from "./diagnose-objects-shape.js";
import { type Explanation, explainDigestMismatch } from "./explain-digest.js";
import { refField, seedField, unknownFields } from "./fields.js";
import { type CheckOutcome, defineCheck, type FieldProblem } from "./kind.js";
import type { LabRef } from "./lab-ref.js";
import { enumField, exactlyOneOf, optionalPlatformField, optionalRefField } from "./objects-fields.js";
import { loadRef, unusableOutcome } from "./objects-load.js";

/** `ref` has the same digest as (or, with `expect: different`, another digest than) `other` or a seeded object. */
export interface DigestEqualsSpec {
  readonly ref: LabRef;
  readonly other?: LabRef;
  readonly seed?: string;
  /** With `seed`: the seeded index's runnable entry for this platform. */
  readonly child?: Platform;
  readonly expect: "same" | "different";
}

// A digest names exact bytes (image-spec descriptor.md "Digests"): equal digests mean the very same object.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#digests
export const digestEquals = defineCheck<DigestEqualsSpec>({
  kind: "digest-equals",
  summary: "a reference has the same digest as another reference or a seeded object (or, on request, a different one)",
  validate(fields, scope) {
    const problems: FieldProblem[] = [];
    unknownFields(fields, ["ref", "other", "seed", "child", "expect"], problems);
    const ref = refField(fields, "ref", problems);
    const which = exactlyOneOf(fields, ["other", "seed"], problems);
    const other = optionalRefField(fields, "other", problems);
    const seed = which === "seed" ? seedField(fields, "seed", scope, problems) : undefined;
    const child = optionalPlatformField(fields, "child", problems);
    if (child && which !== "seed") problems.push({ path: ["child"], message: "`child` names an entry of `seed`" });
    const expect = enumField(fields, "expect", ["same", "different"] as const, problems, "same");
    if (problems.length > 0 || !ref || !expect) return { problems };
    return {
      spec: { ref, expect, ...(other ? { other } : {}), ...(seed ? { seed } : {}), ...(child ? { child } : {}) },
      problems,
    };
  },
  async run(spec, ctx) {
    const loaded = await loadRef(ctx, spec.ref);
    if (loaded.state !== "found") return unusableOutcome(spec.ref, loaded, `Push or copy \`${spec.ref.text}\` first.`);
    const target = await comparedWith(spec, ctx);
    if ("status" in target) return target;
    const { digest, name, isChild } = target;
    const actual = loaded.fetched;
    const same = actual.digest === digest;
    const found = `${describeKind(actual.mediaType)} with digest ${shortDigest(actual.digest)}`;
    if (spec.expect === "different") {
      if (!same) return { status: "pass", summary: `\`${spec.ref.text}\` is no longer ${name}.` };
      return {
        status: "fail",
        summary: `\`${spec.ref.text}\` is still ${name}, byte for byte.`,
        expected: `a digest other than ${shortDigest(digest)}`,
        actual: found,
        diagnosis: "Nothing new was published there: the object is unchanged.",
        hint: `Publish the corrected object under \`${spec.ref.text}\`.`,
      };
    }
    if (same) return { status: "pass", summary: `\`${spec.ref.text}\` is ${name}, byte for byte.` };
    const why = isChild && isFetchedIndex(actual) ? explainIndexAroundChild(spec.ref, actual, digest) : undefined;
    const explained =
      why ?? (await explainDigestMismatch(spec.ref.text, spec.ref.repository, await target.fact(), actual, ctx));
    return {
      status: "fail",
      summary: `\`${spec.ref.text}\` is not ${name}: its digest differs.`,
      expected: `digest ${shortDigest(digest)}`,
      actual: found,
      ...explained,
    };
  },
});

/** What `ref` is compared with; its fact (children, config) is read only when a mismatch needs explaining. */
interface Compared {
  readonly digest: Digest;
  readonly fact: () => Promise<SeedFact>;
  readonly name: string;
  readonly isChild: boolean;
}

async function comparedWith(spec: DigestEqualsSpec, ctx: GradeContext): Promise<Compared | CheckOutcome> {
  if (spec.other) {
    const other = await loadRef(ctx, spec.other);
    if (other.state !== "found") {
      const outcome = unusableOutcome(
        spec.other,
        other,
        `\`${spec.other.text}\` must exist to compare with; \`labs reset\` restores seeded tags.`,
      );
      return { ...outcome, summary: `The reference to compare with: ${outcome.summary}` };
    }
    const { other: otherRef } = spec;
    return {
      digest: other.fetched.digest,
      fact: () => factOfObserved(ctx, otherRef, other.fetched),
      name: `\`${otherRef.text}\``,
      isChild: false,
    };
  }
  const target = seedTarget(ctx, spec.seed ?? "", spec.child);
  if (typeof target === "string") return { status: "error", summary: target };
  const { fact, isChild } = target;
  const name = isChild ? "the seeded image for that platform" : "the seeded object";
  return { digest: fact.digest, fact: async () => fact, name, isChild };
}

function explainIndexAroundChild(ref: LabRef, actual: Fetched<Manifest>, child: Digest): Explanation {
  const lists = actual.value.kind === "index" && actual.value.manifests.some((d) => d.digest === child);
  return {
    diagnosis: lists
      ? `\`${ref.text}\` is the index that lists the expected image, not that image itself.`
      : `\`${ref.text}\` is an index, where a single image was expected.`,
    hint: "Point at the image manifest for that platform (the entry's digest), not at an index.",
  };
}
