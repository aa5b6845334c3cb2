import {
  formatPlatform,
  isAttestationDescriptor,
  normalizePlatform,
  platformsEqual,
  runnablePlatforms,
} from "../oci/platform.js";
import { parseStrictJson } from "../oci/strict-json.js";
import type { Descriptor, ImageIndex, Platform } from "../oci/types.js";
import type { Expected } from "./answer-compare.js";
import { type AnswerCheckSpec, type AnswerField, AnswerSourceError } from "./answer-spec.js";
import { sizeOf } from "./config-field-values.js";
import type { GradeContext, SeedFact } from "./context.js";
import { describePlatform } from "./describe.js";
import { type LabRef, prefixed } from "./lab-ref.js";

// Expected values read from an index (image-spec image-index.md) and from BuildKit's attestation entries
// (buildkit docs/attestations/attestation-storage.md: platform unknown/unknown, `vnd.docker.reference.digest`
// naming the image described, in-toto layers annotated with `in-toto.io/predicate-type`), plus what the seed
// facts alone can tell.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md,
// https://github.com/moby/buildkit/blob/master/docs/attestations/attestation-storage.md

/** Fields computed from the top-level object, or from an index. */
export const INDEX_FIELDS: ReadonlySet<AnswerField> = new Set([
  "platforms",
  "childDigests",
  "attestationFor",
  "attestationMap",
  "sharedLayers",
  "predicateTypes",
  "statement",
]);

const REFERENCE_DIGEST = "vnd.docker.reference.digest";
const PREDICATE_TYPE = "in-toto.io/predicate-type";

// Values of the object `ref` names (digest, media type and size of the top level) or of its index.
export async function indexExpected(spec: AnswerCheckSpec, ctx: GradeContext, ref: LabRef): Promise<Expected> {
  const top = await ctx.manifest(ref);
  if (!top) throw new AnswerSourceError(`\`${ref.text}\` does not exist`);
  if (spec.field === "digest") return { type: "digest", value: top.digest };
  if (spec.field === "mediaType") return { type: "string", value: top.mediaType };
  if (spec.field === "size") return { type: "number", value: top.raw.byteLength };
  if (top.value.kind !== "index") throw new AnswerSourceError(`\`${ref.text}\` is not an index`);
  const index = top.value;
  switch (spec.field) {
    case "platforms":
      return { type: "list", value: runnable(index).map(([p]) => p), item: "platform" };
    case "childDigests":
      return { type: "map", value: Object.fromEntries(runnable(index)), key: "platform", item: "digest" };
    case "attestationMap": {
      const pairs = index.manifests
        .filter(isAttestationDescriptor)
        .map((d) => [d.digest, d.annotations?.[REFERENCE_DIGEST] ?? ""]);
      return { type: "map", value: Object.fromEntries(pairs), key: "digest", item: "digest" };
    }
    case "attestationFor":
      return { type: "digest", value: attestationFor(index, spec.platform as Platform, ref).digest };
    case "sharedLayers":
      return { type: "list", value: await sharedLayers(ctx, ref, index), item: "digest" };
    case "predicateTypes":
      return { type: "list", value: await predicateTypes(ctx, ref, index), item: "string" };
    default:
      return statement(spec, ctx, ref, index);
  }
}

// Values the seed facts give without reading the registry.
export async function seedExpected(spec: AnswerCheckSpec, ctx: GradeContext): Promise<Expected> {
  const fact = ctx.seed.get(spec.seed ?? "");
  if (!fact) throw new AnswerSourceError(`the seeded object "${spec.seed}" is unknown to this grader run`);
  const children = (fact.children ?? []).filter((c) => !c.attestation && c.platform);
  const child = spec.platform
    ? children.find((c) => platformsEqual(c.platform as Platform, spec.platform as Platform))
    : undefined;
  if (spec.platform && !child)
    throw new AnswerSourceError(`the seeded "${fact.name}" has no ${describePlatform(spec.platform)} entry`);
  const norm = (p: Platform) => formatPlatform(normalizePlatform(p));
  switch (spec.field) {
    case "digest":
      return { type: "digest", value: child?.digest ?? fact.digest };
    case "configDigest":
      return { type: "digest", value: needs(child ? child.configDigest : fact.configDigest, fact, "a config") };
    case "mediaType":
      if (child) throw new AnswerSourceError("the media type of a child needs `in` (read from the registry)");
      return { type: "string", value: fact.mediaType };
    case "platforms":
      return { type: "list", value: children.map((c) => norm(c.platform as Platform)), item: "platform" };
    case "childDigests":
      return {
        type: "map",
        value: Object.fromEntries(children.map((c) => [norm(c.platform as Platform), c.digest])),
        key: "platform",
        item: "digest",
      };
    case "uniqueBlobs":
      return { type: "list", value: uniqueBlobs(fact, spec.others ?? [], ctx.seed), item: "digest" };
    default:
      throw new AnswerSourceError(`\`field: ${spec.field}\` needs a registry object (\`in\`)`);
  }
}

// Blobs reachable from `fact` and from none of `others` (the manifests themselves excluded).
function uniqueBlobs(fact: SeedFact, others: readonly string[], seed: ReadonlyMap<string, SeedFact>): string[] {
  const shared = new Set(others.flatMap((name) => seed.get(name)?.reachable ?? []));
  const manifests = new Set([fact.digest, ...(fact.children ?? []).map((c) => c.digest)]);
  return fact.reachable.filter((d) => !shared.has(d) && !manifests.has(d));
}

function needs<T>(value: T | undefined, fact: SeedFact, what: string): T {
  if (value === undefined) throw new AnswerSourceError(`the seeded "${fact.name}" has no ${what}`);
  return value;
}

function runnable(index: ImageIndex): [string, string][] {
  return runnablePlatforms(index)
    .filter((d) => d.platform)
    .map((d) => [formatPlatform(normalizePlatform(d.platform as Platform)), d.digest]);
}

function attestationFor(index: ImageIndex, platform: Platform, ref: LabRef): Descriptor {
  const image = runnablePlatforms(index).find((d) => d.platform && platformsEqual(d.platform, platform));
  const found =
    image &&
    index.manifests.find((d) => isAttestationDescriptor(d) && d.annotations?.[REFERENCE_DIGEST] === image.digest);
  if (!found) throw new AnswerSourceError(`\`${ref.text}\` has no attestation for ${describePlatform(platform)}`);
  return found;
}

async function childManifest(ctx: GradeContext, ref: LabRef, digest: string) {
  const child = await ctx.manifest({
    repository: ref.repository,
    reference: digest,
    text: `${ref.repository}@${digest}`,
  });
  if (child?.value.kind !== "manifest")
    throw new AnswerSourceError(`a child of \`${ref.text}\` is missing or not an image manifest`);
  return child.value;
}

async function sharedLayers(ctx: GradeContext, ref: LabRef, index: ImageIndex): Promise<string[]> {
  let shared: string[] | undefined;
  for (const entry of runnablePlatforms(index)) {
    const layers = (await childManifest(ctx, ref, entry.digest)).layers.map((l) => l.digest as string);
    shared = shared === undefined ? layers : shared.filter((d) => layers.includes(d));
  }
  return [...new Set(shared ?? [])];
}

async function predicateTypes(ctx: GradeContext, ref: LabRef, index: ImageIndex): Promise<string[]> {
  const types = new Set<string>();
  for (const entry of index.manifests.filter(isAttestationDescriptor)) {
    for (const layer of (await childManifest(ctx, ref, entry.digest)).layers) {
      const type = layer.annotations?.[PREDICATE_TYPE];
      if (type) types.add(type);
    }
  }
  return [...types].sort();
}

// A value inside the in-toto statement of the given predicate type about the platform's image.
async function statement(spec: AnswerCheckSpec, ctx: GradeContext, ref: LabRef, index: ImageIndex): Promise<Expected> {
  const attestation = await childManifest(ctx, ref, attestationFor(index, spec.platform as Platform, ref).digest);
  const layer = attestation.layers.find((l) => l.annotations?.[PREDICATE_TYPE] === spec.predicateType);
  if (!layer) throw new AnswerSourceError(`the attestation has no ${spec.predicateType} statement`);
  const raw = await ctx.source.blob(prefixed(ctx.prefix, ref.repository), layer, ctx.limits.maxConfigBytes);
  const value = evaluateQuery(parseStrictJson(raw, { maxDepth: ctx.limits.maxJsonDepth }), spec.query ?? "");
  if (typeof value === "number") return { type: "number", value };
  if (typeof value === "string") return { type: "string", value };
  if (typeof value === "boolean") return { type: "token", value: String(value) };
  throw new AnswerSourceError(`\`${spec.query}\` is not a string, number or boolean in the statement`);
}

// Follows `a.b[0].c` through JSON; a final `length` counts an array, object or string.
export function evaluateQuery(json: unknown, query: string): unknown {
  let value: unknown = json;
  const steps = query.match(/[^.[\]]+|\[\d+\]/g) ?? [];
  steps.forEach((step, i) => {
    if (step === "length" && i === steps.length - 1 && sizeOf(value) !== undefined) value = sizeOf(value);
    else if (step.startsWith("[")) value = Array.isArray(value) ? value[Number(step.slice(1, -1))] : undefined;
    else
      value =
        typeof value === "object" && value !== null && !Array.isArray(value)
          ? (value as Record<string, unknown>)[step]
          : undefined;
  });
  return value;
}
