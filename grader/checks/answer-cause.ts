import { isAttestationDescriptor, platformsEqual, runnablePlatforms } from "../oci/platform.js";
import type { Fetched, ImageIndex, ImageManifest, Manifest } from "../oci/types.js";
import { AnswerSourceError } from "./answer-spec.js";
import { deepEqual } from "./config-field-values.js";
import type { GradeContext } from "./context.js";
import type { LabRef } from "./lab-ref.js";

// Why a copy's digest differs from its source's, read from the two objects (curriculum lab 10; image-spec
// descriptor.md "Digests": a digest hashes exact bytes). Causes in precedence order, the first that applies wins.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#digests

/** The causes, in precedence order. */
export const CAUSES = [
  "platform-subset",
  "attestations-stripped",
  "config-rewritten",
  "recompressed",
  "mediatype-converted",
  "reserialized",
  "identical",
] as const;
/** One cause of a changed digest. */
export type Cause = (typeof CAUSES)[number];

type Fetchd = Fetched<Manifest>;

/** Where the source and the copy live, to fetch their children. */
export interface Pair {
  readonly sourceRef: LabRef;
  readonly copyRef: LabRef;
}

// The cause of the difference between `source` and its copy `copy`.
export async function changeCause(ctx: GradeContext, source: Fetchd, copy: Fetchd, refs: Pair): Promise<Cause> {
  if (source.digest === copy.digest) return "identical";
  if (source.value.kind === "index" && copy.value.kind === "manifest") return "platform-subset";
  if (source.value.kind === "manifest" && copy.value.kind === "manifest") {
    return manifestCause(source as Typed<ImageManifest>, copy as Typed<ImageManifest>);
  }
  if (source.value.kind === "index" && copy.value.kind === "index") return indexCause(ctx, source, copy, refs);
  throw new AnswerSourceError("the copy is an index made from a single image: none of the known causes");
}

type Typed<T> = Fetchd & { readonly value: T };

function manifestCause(source: Typed<ImageManifest>, copy: Typed<ImageManifest>): Cause {
  if (source.value.config.digest !== copy.value.config.digest) return "config-rewritten";
  const layers = (m: ImageManifest) => m.layers.map((l) => l.digest);
  if (!deepEqual(layers(source.value), layers(copy.value))) return "recompressed";
  const a = parse(source.raw);
  const b = parse(copy.raw);
  if (deepEqual(a, b)) return "reserialized";
  if (deepEqual(withoutMediaTypes(a), withoutMediaTypes(b))) return "mediatype-converted";
  throw new AnswerSourceError("the copy's manifest differs in content from its source: none of the known causes");
}

async function indexCause(ctx: GradeContext, source: Fetchd, copy: Fetchd, refs: Pair): Promise<Cause> {
  const src = source.value as ImageIndex;
  const dst = copy.value as ImageIndex;
  const dstDigests = new Set(dst.manifests.map((d) => d.digest));
  const attestations = src.manifests.filter(isAttestationDescriptor);
  const runnableSame = runnablePlatforms(src).every((d) => dstDigests.has(d.digest));
  if (runnableSame && attestations.some((d) => !dstDigests.has(d.digest))) return "attestations-stripped";
  if (runnableSame) return deepEqual(parse(source.raw), parse(copy.raw)) ? "reserialized" : "mediatype-converted";
  let worst: Cause = "identical";
  for (const entry of runnablePlatforms(src)) {
    const match = runnablePlatforms(dst).find(
      (d) => d.platform && entry.platform && platformsEqual(d.platform, entry.platform),
    );
    if (!match) return "platform-subset";
    const from = await ctx.manifest({ ...refs.sourceRef, reference: entry.digest });
    const to = await ctx.manifest({ ...refs.copyRef, reference: match.digest });
    if (!from || !to) throw new AnswerSourceError("a child of the source or of the copy is missing");
    const cause = await changeCause(ctx, from, to, refs);
    if (CAUSES.indexOf(cause) < CAUSES.indexOf(worst)) worst = cause;
  }
  return worst;
}

function parse(raw: Uint8Array): unknown {
  return JSON.parse(new TextDecoder().decode(raw));
}

// A JSON value with every `mediaType` field removed (manifest and descriptors).
function withoutMediaTypes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMediaTypes);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== "mediaType")
      .map(([k, v]) => [k, withoutMediaTypes(v)]),
  );
}

// Whether the copy still has the source's image ID: "true", "false", or "null" when both are indexes.
// An index source is compared through its children: the copy keeps the image ID if it has one child's config.
export async function sameImageId(ctx: GradeContext, source: Fetchd, copy: Fetchd, refs: Pair): Promise<string> {
  if (copy.value.kind !== "manifest") return "null";
  const copied = copy.value.config.digest;
  if (source.value.kind === "manifest") return String(source.value.config.digest === copied);
  for (const child of runnablePlatforms(source.value)) {
    const fetched = await ctx.manifest({ ...refs.sourceRef, reference: child.digest });
    if (fetched?.value.kind === "manifest" && fetched.value.config.digest === copied) return "true";
  }
  return "false";
}
