import { decodeImageConfig } from "../oci/decode.js";
import { OciFormatError } from "../oci/format-error.js";
import { isImageConfigMediaType } from "../oci/media-types.js";
import { formatPlatform, platformOfConfig, platformsEqual, runnablePlatforms } from "../oci/platform.js";
import type { Descriptor, Fetched, ImageConfig, ImageManifest, Manifest, Platform } from "../oci/types.js";
import { asContentMismatch, isNotFoundError } from "../oci/walk-problems.js";
import type { GradeContext } from "./context.js";
import { describeKind, describePlatform, listWords, shortDigest } from "./describe.js";
import type { CheckOutcome } from "./kind.js";
import { type LabRef, prefixed } from "./lab-ref.js";

// The image a content check reads: a reference to an image manifest, or to an index plus a platform (the
// entry a runtime on that platform would pick: image-spec image-index.md "platform"). Learner mistakes on the
// way (no such tag, no such platform, an artifact instead of an image, a missing or broken config) become a
// failed outcome; registry and bound errors are thrown.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md#image-index-property-descriptions, https://github.com/opencontainers/image-spec/blob/v1.1.1/config.md#properties

/** One image, with where it came from. */
export interface ImageView {
  /** The repository with the lab prefix. */
  readonly repository: string;
  readonly ref: LabRef;
  /** What the reference resolved to (an index when a platform was picked). */
  readonly top: Fetched<Manifest>;
  readonly manifest: Fetched<Manifest> & { readonly value: ImageManifest };
  /** The index entry that was picked, when the reference is an index. */
  readonly entry?: Descriptor;
  readonly config: ImageConfig;
  readonly configRaw: Uint8Array;
}

/** A value, or the outcome that explains why there is none. */
export type Resolved<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly outcome: CheckOutcome };

const fail = (outcome: Omit<CheckOutcome, "status">): { ok: false; outcome: CheckOutcome } => ({
  ok: false,
  outcome: { status: "fail", ...outcome },
});

// Resolves `ref` (and `platform` for an index) to one image with its decoded config.
export async function resolveImage(ctx: GradeContext, ref: LabRef, platform?: Platform): Promise<Resolved<ImageView>> {
  const top = await ctx.manifest(ref);
  if (!top) return fail({ summary: `\`${ref.text}\` does not exist.`, hint: `Push \`${ref.text}\` first.` });
  const picked: Resolved<{ manifest: Fetched<Manifest>; entry?: Descriptor }> =
    top.value.kind === "index" ? await pickEntry(ctx, ref, top, platform) : { ok: true, value: { manifest: top } };
  if (!picked.ok) return picked;
  const { manifest, entry } = picked.value;
  if (manifest.value.kind !== "manifest") {
    return fail({
      summary: `The entry of \`${ref.text}\` for ${describePlatform(platform)} is itself an index.`,
      hint: "Point the entry at an image manifest.",
    });
  }
  const image = manifest as ImageView["manifest"];
  const read = await readConfig(ctx, ref, image);
  if (!read.ok) return read;
  const view: ImageView = {
    repository: prefixed(ctx.prefix, ref.repository),
    ref,
    top,
    manifest: image,
    ...read.value,
    ...(entry ? { entry } : {}),
  };
  const own = platformOfConfig(view.config);
  if (platform && !entry && own && !platformsEqual(own, platform)) {
    return fail({
      summary: `\`${ref.text}\` is a single image for ${describePlatform(own)}, not for ${describePlatform(platform)}.`,
      expected: `an image for ${describePlatform(platform)}`,
      actual: `${describeKind(top.mediaType)} for ${describePlatform(own)}`,
      hint: `Publish the ${describePlatform(platform)} image (or an index that has it) at \`${ref.text}\`.`,
    });
  }
  return { ok: true, value: view };
}

async function pickEntry(
  ctx: GradeContext,
  ref: LabRef,
  top: Fetched<Manifest>,
  platform: Platform | undefined,
): Promise<Resolved<{ manifest: Fetched<Manifest>; entry: Descriptor }>> {
  const entries = top.value.kind === "index" ? runnablePlatforms(top.value) : [];
  const offered = listWords(
    entries.map((d) => (d.platform ? `\`${formatPlatform(d.platform)}\`` : "an entry without platform")),
  );
  if (!platform) {
    return fail({
      summary: `\`${ref.text}\` is ${describeKind(top.mediaType)} (${offered || "no runnable entries"}), not a single image.`,
      expected: "a single image manifest",
      actual: describeKind(top.mediaType),
      hint: `Push one image manifest to \`${ref.text}\`, not an index.`,
    });
  }
  const entry = entries.find((d) => d.platform && platformsEqual(d.platform, platform));
  if (!entry) {
    return fail({
      summary: `\`${ref.text}\` has no entry for ${describePlatform(platform)}.`,
      expected: `an entry for ${describePlatform(platform)}`,
      actual: offered || "no runnable entries",
      hint: `Add the ${describePlatform(platform)} image to the index at \`${ref.text}\`.`,
    });
  }
  const manifest = await ctx.manifest({
    repository: ref.repository,
    reference: entry.digest,
    text: `${ref.repository}@${shortDigest(entry.digest)}`,
  });
  if (!manifest) {
    return fail({
      summary: `The ${describePlatform(platform)} entry of \`${ref.text}\` points at a manifest that is not in \`${ref.repository}\`.`,
      hint: "Copy the child manifests into the repository before the index.",
    });
  }
  return { ok: true, value: { manifest, entry } };
}

const configs = new WeakMap<GradeContext, Map<string, Promise<Uint8Array>>>();

async function readConfig(
  ctx: GradeContext,
  ref: LabRef,
  image: ImageView["manifest"],
): Promise<Resolved<{ config: ImageConfig; configRaw: Uint8Array }>> {
  const descriptor = image.value.config;
  if (!isImageConfigMediaType(descriptor.mediaType)) {
    return fail({
      summary: `\`${ref.text}\` is an artifact, not a runnable image: its config has the media type ${descriptor.mediaType}.`,
      diagnosis:
        "An image needs an image configuration (`application/vnd.oci.image.config.v1+json`) and tar layers; an OCI artifact has neither.",
      hint: "Build the image with an image config and filesystem layers (for example with buildah, umoci or by hand), not with an artifact push.",
    });
  }
  const repository = prefixed(ctx.prefix, ref.repository);
  try {
    const configRaw = await memoBlob(ctx, repository, descriptor);
    return { ok: true, value: { config: decodeImageConfig(configRaw, ctx.limits.maxJsonDepth), configRaw } };
  } catch (error) {
    const problem = contentProblem(error);
    if (problem === undefined) throw error;
    return fail({
      summary: `The config of \`${ref.text}\` cannot be read: ${problem}.`,
      hint: "Push a config blob that matches its descriptor and is valid JSON.",
    });
  }
}

// A lying index entry: the platform it claims is not the one in the image's config.
export function platformNote(view: ImageView): string | undefined {
  const claimed = view.entry?.platform;
  const own = platformOfConfig(view.config);
  if (!claimed || !own || platformsEqual(claimed, own)) return undefined;
  return `Note: the index entry for ${describePlatform(claimed)} points at an image whose config says ${describePlatform(own)}, so that is what a ${describePlatform(claimed)} machine reads.`;
}

function memoBlob(ctx: GradeContext, repository: string, descriptor: Descriptor): Promise<Uint8Array> {
  const memo = configs.get(ctx) ?? new Map<string, Promise<Uint8Array>>();
  configs.set(ctx, memo);
  const key = `${repository}\u0000${descriptor.digest}\u0000${descriptor.size}`;
  const hit = memo.get(key) ?? ctx.source.blob(repository, descriptor, ctx.limits.maxConfigBytes);
  memo.set(key, hit);
  return hit;
}

// A learner-facing sentence for content that is missing or broken; undefined for other errors (rethrow them).
export function contentProblem(error: unknown): string | undefined {
  if (isNotFoundError(error)) return "it is not in the repository";
  const mismatch = asContentMismatch(error);
  if (mismatch) return `its ${mismatch.field} is ${mismatch.actual}, but its descriptor says ${mismatch.expected}`;
  if (error instanceof OciFormatError) return error.message;
  return undefined;
}
