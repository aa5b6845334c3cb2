import { formatPlatform, isAttestationDescriptor, platformsEqual } from "../oci/platform.js";
import type { Descriptor, ImageIndex, Platform } from "../oci/types.js";
import type { GradeContext } from "./context.js";
import { describePlatform, listWords, shortDigest } from "./describe.js";
import { type EntryTruth, entryTruths, platformKey } from "./diagnose-objects-platform.js";
import type { Explanation } from "./explain-digest.js";
import type { LabRef } from "./lab-ref.js";
import { digestRef, entriesFor, loadRef } from "./objects-load.js";
import type { WantedPlatform } from "./objects-platforms-field.js";

// How an index's runnable entries differ from the platforms a task wants, and why, read from the index and the
// configs of the images its entries point at (image-index.md "platform"; runtimes select by this field alone).

/** The differences between an index and the wanted platforms. */
export interface PlatformReview {
  readonly missing: readonly Platform[];
  readonly duplicated: readonly Platform[];
  /** Runnable entries for platforms nobody asked for (only with `exact`), or without a platform. */
  readonly extra: readonly Descriptor[];
  /** Entries selected for a wanted platform that are not the seeded image named for it. */
  readonly wrongImage: readonly { readonly wanted: WantedPlatform; readonly entry: Descriptor }[];
}

// Simulates a runtime's selection for each wanted platform and lists what differs.
export function reviewIndex(
  ctx: GradeContext,
  index: ImageIndex,
  wanted: readonly WantedPlatform[],
  exact: boolean,
): PlatformReview {
  const missing: Platform[] = [];
  const duplicated: Platform[] = [];
  const wrongImage: { wanted: WantedPlatform; entry: Descriptor }[] = [];
  for (const w of wanted) {
    const entries = entriesFor(index, w.platform);
    if (entries.length === 0) missing.push(w.platform);
    if (entries.length > 1) duplicated.push(w.platform);
    const entry = entries[0];
    if (entry && w.seed && ctx.seed.get(w.seed)?.digest !== entry.digest) wrongImage.push({ wanted: w, entry });
  }
  const wantedKeys = new Set(wanted.map((w) => platformKey(w.platform)));
  const runnable = index.manifests.filter((d) => !isAttestationDescriptor(d));
  const extra = runnable.filter((d) => !d.platform || (exact && !wantedKeys.has(platformKey(d.platform))));
  return { missing, duplicated, extra, wrongImage };
}

// True when the review found nothing.
export function isCleanReview(review: PlatformReview): boolean {
  return Object.values(review).every((list) => list.length === 0);
}

// "no entry for linux/arm64/v8; linux/amd64 listed twice; …": every difference, in short.
export function describeReview(review: PlatformReview): string {
  const parts: string[] = [];
  if (review.missing.length > 0) parts.push(`no entry for ${listWords(review.missing.map(named))}`);
  if (review.duplicated.length > 0) parts.push(`${listWords(review.duplicated.map(named))} listed more than once`);
  if (review.extra.length > 0) parts.push(`not asked for: ${listWords(review.extra.map(entryName))}`);
  for (const { wanted } of review.wrongImage)
    parts.push(`the ${named(wanted.platform)} entry is not the expected image`);
  return parts.join("; ");
}

const named = (p: Platform) => `\`${formatPlatform(p)}\``;
const entryName = (d: Descriptor) =>
  d.platform ? named(d.platform) : `an entry without platform (${shortDigest(d.digest)})`;

// The recognised mistake behind a review, most specific first: a lying platform field, an image hidden as
// unknown/unknown, a platform listed twice, a converted or rebuilt image, extra and missing entries.
export async function explainReview(
  ctx: GradeContext,
  ref: LabRef,
  index: ImageIndex,
  review: PlatformReview,
): Promise<Explanation> {
  const truths = await entryTruths(ctx, ref, index);
  const lie = truths.find((t) => isLie(t));
  if (lie) return explainLie(lie);
  const hidden = truths.find(
    (t) =>
      t.actual &&
      isAttestationDescriptor(t.descriptor) &&
      review.missing.some((m) => platformsEqual(m, t.actual as Platform)),
  );
  if (hidden) return explainHidden(hidden);
  const twice = review.duplicated[0];
  if (twice) {
    return {
      diagnosis: `The index lists ${named(twice)} more than once: a runtime takes the first match, so the other entry is never used.`,
      hint: "Keep exactly one entry per platform.",
    };
  }
  const wrong = review.wrongImage[0];
  if (wrong) return explainWrongImage(ctx, ref, wrong.wanted, wrong.entry);
  if (review.extra.length > 0) {
    return {
      diagnosis: `The index also lists ${listWords(review.extra.map(entryName))}, which the task does not ask for.`,
      hint: "Remove the entries for other platforms; every entry needs a platform.",
    };
  }
  return {
    diagnosis: `No entry of the index is for ${listWords(review.missing.map(named))}, so hosts of that platform cannot pull it.`,
    hint: "Add an entry for each platform, pointing at that platform's image by digest.",
  };
}

function isLie(truth: EntryTruth): boolean {
  const { platform } = truth.descriptor;
  return (
    truth.actual !== undefined &&
    platform !== undefined &&
    !isAttestationDescriptor(truth.descriptor) &&
    !platformsEqual(platform, truth.actual)
  );
}

// An entry whose platform field contradicts its image's config (the L11 "lying index").
function explainLie(truth: EntryTruth): Explanation {
  return {
    diagnosis:
      `The entry for ${shortDigest(truth.descriptor.digest)} claims ${describePlatform(truth.descriptor.platform)} but its ` +
      `config says ${describePlatform(truth.actual)}: runtimes trust the index and pull the wrong image.`,
    hint: "Take each entry's platform from the config of the image it points at (add images by digest, so tools read it from the config).",
  };
}

function explainHidden(truth: EntryTruth): Explanation {
  return {
    diagnosis:
      `The entry for ${shortDigest(truth.descriptor.digest)} is a ${describePlatform(truth.actual)} image but is marked ` +
      "unknown/unknown (or as an attestation), so runtimes skip it.",
    hint: "Give that entry the platform from its image's config; unknown/unknown is reserved for attestation manifests.",
  };
}

async function explainWrongImage(
  ctx: GradeContext,
  ref: LabRef,
  wanted: WantedPlatform,
  entry: Descriptor,
): Promise<Explanation> {
  const expected = ctx.seed.get(wanted.seed ?? "");
  const loaded = await loadRef(ctx, digestRef(ref, entry.digest));
  const child = loaded.state === "found" ? loaded.fetched.value : undefined;
  const sameConfig = child?.kind === "manifest" && child.config.digest === expected?.configDigest;
  return {
    diagnosis: sameConfig
      ? `The ${named(wanted.platform)} entry is the expected image (same image ID) in new manifest bytes: it was converted to another manifest format or re-encoded on push.`
      : `The ${named(wanted.platform)} entry (${shortDigest(entry.digest)}) is not the existing image for that platform: it was rebuilt or replaced.`,
    hint: "Reuse the existing images unchanged: reference each one by digest, and push the index without `--format`.",
  };
}
