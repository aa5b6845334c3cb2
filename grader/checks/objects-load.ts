import { decodeImageConfig } from "../oci/decode.js";
import type { Digest } from "../oci/digest.js";
import { OciFormatError } from "../oci/format-error.js";
import { isAttestationDescriptor, platformsEqual } from "../oci/platform.js";
import type { Descriptor, Fetched, ImageConfig, ImageIndex, ImageManifest, Manifest, Platform } from "../oci/types.js";
import { asContentMismatch, isNotFoundError } from "../oci/walk-problems.js";
import type { GradeContext } from "./context.js";
import { describePlatform, shortDigest } from "./describe.js";
import type { CheckOutcome } from "./kind.js";
import { type LabRef, prefixed } from "./lab-ref.js";

// Reading the objects a check is about, with learner mistakes (a missing tag, a manifest a client cannot read,
// a config whose descriptor lies) turned into states instead of exceptions. Registry failures still throw.

/** A manifest looked up by reference: found, absent, or present but unreadable as a manifest. */
export type Loaded =
  | { readonly state: "found"; readonly fetched: Fetched<Manifest> }
  | { readonly state: "missing" }
  | { readonly state: "invalid"; readonly error: OciFormatError };

// Looks a reference up through the run's memoised reader.
export async function loadRef(ctx: GradeContext, ref: LabRef): Promise<Loaded> {
  try {
    const fetched = await ctx.manifest(ref);
    return fetched ? { state: "found", fetched } : { state: "missing" };
  } catch (error) {
    if (error instanceof OciFormatError) return { state: "invalid", error };
    throw error;
  }
}

// The reference of an object by digest in the same repository as `ref`.
export function digestRef(ref: Pick<LabRef, "repository">, digest: Digest): LabRef {
  return { repository: ref.repository, reference: digest, text: `${ref.repository}@${shortDigest(digest)}` };
}

// The fail outcome for a reference that is absent or cannot be read as a manifest (image-spec manifest.md).
export function unusableOutcome(
  ref: LabRef,
  loaded: Exclude<Loaded, { state: "found" }>,
  missingHint: string,
): CheckOutcome {
  if (loaded.state === "missing") {
    return {
      status: "fail",
      summary: `\`${ref.text}\` does not exist.`,
      actual: "no such manifest",
      hint: missingHint,
    };
  }
  const { diagnosis, hint } = explainUnreadable(loaded.error);
  return {
    status: "fail",
    summary: `\`${ref.text}\` exists but is not a manifest a client can use.`,
    actual: loaded.error.message,
    diagnosis,
    hint,
  };
}

function explainUnreadable(error: OciFormatError): { diagnosis: string; hint: string } {
  switch (error.code) {
    case "SCHEMA_1":
      return {
        diagnosis:
          "It is a Docker schema 1 manifest, a format current registries and runtimes have dropped: an old client " +
          "pushed it, or a registry converted a manifest that was fetched without an Accept header.",
        hint: "Push it again with schema 2 or OCI media types; when you fetch manifests with curl, send an Accept header.",
      };
    case "MEDIA_TYPE_MISMATCH":
      return {
        diagnosis: "The document's `mediaType` field and the Content-Type it was pushed with name different types.",
        hint: "PUT the manifest with the Content-Type that its `mediaType` field names.",
      };
    case "UNSUPPORTED_MEDIA_TYPE":
      return {
        diagnosis: "It was pushed with a Content-Type that is not a manifest type, and its JSON does not say its type.",
        hint: "PUT the manifest with its manifest media type as Content-Type (and a `mediaType` field).",
      };
    default:
      return {
        diagnosis: `Its JSON is not a valid manifest: ${error.message}.`,
        hint: "Fix the manifest JSON and push it again.",
      };
  }
}

// The runnable entries of an index whose platform equals `platform` after normalisation (image-index.md).
export function entriesFor(index: ImageIndex, platform: Platform): readonly Descriptor[] {
  return index.manifests.filter(
    (d) => !isAttestationDescriptor(d) && d.platform && platformsEqual(d.platform, platform),
  );
}

/** The manifest a check reads: `ref` itself, or the child of the index `ref` for one platform. */
export type Target =
  | { readonly state: "found"; readonly fetched: Fetched<Manifest>; readonly ref: LabRef }
  | Exclude<Loaded, { state: "found" }>
  | { readonly state: "no-target"; readonly reason: string };

// Loads `ref`, or with `platform` the single runnable entry of the index `ref` for that platform.
export async function loadTarget(ctx: GradeContext, ref: LabRef, platform?: Platform): Promise<Target> {
  const loaded = await loadRef(ctx, ref);
  if (loaded.state !== "found" || !platform) return loaded.state === "found" ? { ...loaded, ref } : loaded;
  const { value } = loaded.fetched;
  if (value.kind !== "index") {
    return { state: "no-target", reason: `\`${ref.text}\` is a single image manifest, not an index to choose from` };
  }
  const entries = entriesFor(value, platform);
  if (entries.length !== 1) {
    const count = entries.length === 0 ? "no entry" : `${entries.length} entries`;
    return { state: "no-target", reason: `\`${ref.text}\` has ${count} for ${describePlatform(platform)}` };
  }
  const child = digestRef(ref, (entries[0] as Descriptor).digest);
  const childLoaded = await loadRef(ctx, child);
  if (childLoaded.state === "found") return { ...childLoaded, ref: child };
  const why =
    childLoaded.state === "missing"
      ? `is not in \`${ref.repository}\``
      : `cannot be read: ${childLoaded.error.message}`;
  return {
    state: "no-target",
    reason: `the ${describePlatform(platform)} entry of \`${ref.text}\` (${child.text}) ${why}`,
  };
}

/** An image configuration read through its descriptor, or why it could not be read. */
export type LoadedConfig =
  | { readonly state: "found"; readonly raw: Uint8Array; readonly config: ImageConfig }
  | { readonly state: "unreadable"; readonly reason: string };

// Reads and decodes the config of an image manifest in `repository` (a lab repository, without prefix).
export async function loadConfig(
  ctx: GradeContext,
  repository: string,
  manifest: ImageManifest,
): Promise<LoadedConfig> {
  const raw = await loadConfigBytes(ctx, repository, manifest);
  if (!(raw instanceof Uint8Array)) return raw;
  try {
    return { state: "found", raw, config: decodeImageConfig(raw, ctx.limits.maxJsonDepth) };
  } catch (error) {
    if (!(error instanceof OciFormatError)) throw error;
    return { state: "unreadable", reason: `the config is not an image configuration: ${error.message}` };
  }
}

// The config bytes, or why they could not be read (absent, or not what the descriptor says).
export async function loadConfigBytes(
  ctx: GradeContext,
  repository: string,
  manifest: ImageManifest,
): Promise<Uint8Array | { readonly state: "unreadable"; readonly reason: string }> {
  const { config } = manifest;
  try {
    return await ctx.source.blob(prefixed(ctx.prefix, repository), config, ctx.limits.maxConfigBytes);
  } catch (error) {
    if (isNotFoundError(error))
      return { state: "unreadable", reason: `config ${shortDigest(config.digest)} is not in \`${repository}\`` };
    const mismatch = asContentMismatch(error);
    if (!mismatch) throw error;
    return {
      state: "unreadable",
      reason: `config ${shortDigest(config.digest)}: the descriptor says ${mismatch.field} ${mismatch.expected}, the blob has ${mismatch.actual}`,
    };
  }
}
