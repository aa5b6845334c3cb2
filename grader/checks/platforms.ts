import { formatPlatform, platformsEqual } from "../oci/platform.js";
import type { Fetched, ImageManifest } from "../oci/types.js";
import type { GradeContext } from "./context.js";
import { listWords } from "./describe.js";
import { describeReview, explainReview, isCleanReview, reviewIndex } from "./diagnose-objects-entries.js";
import { isArtifactManifest } from "./diagnose-objects-media.js";
import { configPlatform, describeEntries } from "./diagnose-objects-platform.js";
import { explainArtifactWhereImage, explainSingleWhereIndex, isFetchedIndex } from "./diagnose-objects-shape.js";
import { refField, unknownFields } from "./fields.js";
import { type CheckOutcome, defineCheck, type FieldProblem } from "./kind.js";
import type { LabRef } from "./lab-ref.js";
import { booleanField } from "./objects-fields.js";
import { loadRef, unusableOutcome } from "./objects-load.js";
import { platformsField, type WantedPlatform } from "./objects-platforms-field.js";

/** The runnable platforms of `ref` equal (or, with `exact: false`, include) `platforms`; a map also names the image. */
export interface PlatformsSpec {
  readonly ref: LabRef;
  readonly platforms: readonly WantedPlatform[];
  readonly exact: boolean;
}

// A runtime selects an index entry by its platform field alone (image-index.md "platform"), skipping BuildKit
// attestation entries (unknown/unknown); platforms compare after normalisation (arm64 = arm64/v8).
// https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md#image-index-property-descriptions
export const platforms = defineCheck<PlatformsSpec>({
  kind: "platforms",
  summary:
    "the runnable platforms of a reference (attestations ignored, arm64 = arm64/v8) are exactly, or include, a set",
  validate(fields, scope) {
    const problems: FieldProblem[] = [];
    unknownFields(fields, ["ref", "platforms", "exact"], problems);
    const ref = refField(fields, "ref", problems);
    const wanted = platformsField(fields, scope, problems);
    const exact = booleanField(fields, "exact", problems, true);
    if (problems.length > 0 || !ref || !wanted) return { problems };
    return { spec: { ref, platforms: wanted, exact }, problems };
  },
  async run(spec, ctx) {
    const loaded = await loadRef(ctx, spec.ref);
    if (loaded.state !== "found") return unusableOutcome(spec.ref, loaded, `Publish \`${spec.ref.text}\` first.`);
    const expected = describeWanted(spec);
    const { fetched } = loaded;
    if (!isFetchedIndex(fetched)) return runOnManifest(spec, fetched as Fetched<ImageManifest>, expected, ctx);
    const index = fetched.value;
    const actual = describeEntries(index);
    const review = reviewIndex(ctx, index, spec.platforms, spec.exact);
    if (isCleanReview(review)) return { status: "pass", summary: `\`${spec.ref.text}\` lists ${actual}.` };
    const why = await explainReview(ctx, spec.ref, index, review);
    return { status: "fail", summary: `\`${spec.ref.text}\`: ${describeReview(review)}.`, expected, actual, ...why };
  },
});

// A single image manifest runs on the platform its config names; it passes only when that is all that is wanted.
async function runOnManifest(
  spec: PlatformsSpec,
  fetched: Fetched<ImageManifest>,
  expected: string,
  ctx: GradeContext,
): Promise<CheckOutcome> {
  if (isArtifactManifest(fetched.value)) {
    return {
      status: "fail",
      summary: `\`${spec.ref.text}\` runs on no platform.`,
      expected,
      actual: "an artifact",
      ...explainArtifactWhereImage(spec.ref, fetched.value),
    };
  }
  const platform = await configPlatform(ctx, spec.ref.repository, fetched.value);
  const actual = platform
    ? `a single image for \`${formatPlatform(platform)}\``
    : "a single image whose config names no platform";
  const only = spec.platforms.length === 1 ? spec.platforms[0] : undefined;
  const fits = platform && only && platformsEqual(platform, only.platform);
  if (fits && (!only.seed || ctx.seed.get(only.seed)?.digest === fetched.digest)) {
    return { status: "pass", summary: `\`${spec.ref.text}\` is ${actual}.` };
  }
  const why =
    spec.platforms.length > 1
      ? await explainSingleWhereIndex(ctx, spec.ref, fetched)
      : singleMismatch(spec.ref, actual, fits);
  return { status: "fail", summary: `\`${spec.ref.text}\` is ${actual}.`, expected, actual, ...why };
}

function singleMismatch(ref: LabRef, actual: string, rightPlatform: boolean | undefined) {
  return rightPlatform
    ? {
        diagnosis: `\`${ref.text}\` is ${actual}, but not the existing image for it: it was rebuilt or re-encoded.`,
        hint: "Reuse the existing image unchanged (copy it by digest).",
      }
    : { diagnosis: `\`${ref.text}\` is ${actual}.`, hint: "Publish the image built for the platform the task names." };
}

function describeWanted(spec: PlatformsSpec): string {
  const names = listWords(spec.platforms.map((w) => `\`${formatPlatform(w.platform)}\``));
  const images = spec.platforms.some((w) => w.seed) ? ", each the existing image for it" : "";
  return `${spec.exact ? "exactly" : "at least"} ${names}${images}`;
}
