import type { ArtifactSpec, FileSpec, ImageSpec, IndexSpec, SeedSpec } from "../../grader/lab/types.js";
import { parsePlatform } from "../../grader/oci/platform.js";
import { buildArtifact } from "../seed/artifact.js";
import { attestationEntry, buildAttestation } from "../seed/attestation.js";
import { makeBlob, toDescriptor } from "../seed/blob.js";
import type { Built, BuiltImage } from "../seed/built.js";
import { buildImage } from "../seed/image.js";
import { buildIndex, imageEntry } from "../seed/index-builder.js";
import type { TarEntry } from "../seed/tar.js";
import { fillPersonal } from "./personal-text.js";

const cache = new WeakMap<SeedSpec, Map<string, ReadonlyMap<string, Built>>>();

/** The file that makes a learner's seed unique: same path in every image, content derived from the variant. */
export const VARIANT_FILE = ".labs-variant";

// Builds every named object of a lab's seed with the deterministic builder (memoised per seed and variant).
// A variant (personalisation) adds one file to the bottom layer of every image, so every digest differs per learner.
export function buildSeed(seed: SeedSpec, variant = ""): ReadonlyMap<string, Built> {
  const perSeed = cache.get(seed) ?? new Map<string, ReadonlyMap<string, Built>>();
  cache.set(seed, perSeed);
  const hit = perSeed.get(variant);
  if (hit) return hit;
  const built = new Map<string, Built>();
  const images = new Map<string, BuiltImage>();
  for (const [name, spec] of Object.entries(seed.images)) {
    const image = buildLabImage(spec, variant);
    images.set(name, image);
    built.set(name, image);
  }
  for (const [name, spec] of Object.entries(seed.indexes)) built.set(name, buildLabIndex(spec, images));
  for (const [name, spec] of Object.entries(seed.artifacts)) built.set(name, buildLabArtifact(spec, built));
  perSeed.set(variant, built);
  return built;
}

function buildLabArtifact(spec: ArtifactSpec, built: ReadonlyMap<string, Built>): Built {
  const subject = spec.subject ? built.get(spec.subject) : undefined;
  return buildArtifact({
    artifactType: spec.artifactType,
    layers: spec.layers.map((l) => ({ blob: makeBlob(l.mediaType, l.content) })),
    subject: subject ? toDescriptor(subject.manifest) : undefined,
    annotations: spec.annotations,
  });
}

function buildLabImage(spec: ImageSpec, variant: string): BuiltImage {
  const layers = spec.layers.map((layer, i) => {
    const files = layer.files.map((file) => toTarEntry(file, variant));
    if (variant && i === 0) files.push({ type: "file", path: VARIANT_FILE, content: `${variant}\n` });
    return { files, compression: layer.compression, level: layer.gzipLevel };
  });
  return buildImage({
    flavour: spec.flavour,
    platform: parsePlatform(spec.platform),
    layers,
    config: spec.config as never,
    annotations: spec.annotations,
    created: spec.created,
    author: spec.author,
    history: spec.history,
    configExtra: spec.configExtra,
    mediaTypeField: spec.mediaTypeField,
    json: jsonFormat(spec),
    configJson: spec.configTrailingNewline ? { trailingNewline: true } : undefined,
  });
}

function buildLabIndex(spec: IndexSpec, images: ReadonlyMap<string, BuiltImage>): Built {
  const entries = spec.manifests.map((entry) => {
    const image = images.get(entry.image);
    if (!image) throw new Error(`seed index names unknown image "${entry.image}"`);
    return imageEntry(image, entry.platform ? { platform: parsePlatform(entry.platform) } : {});
  });
  return buildIndex({
    flavour: spec.flavour,
    entries: [...entries, ...attestationEntries(spec, images)],
    annotations: spec.annotations,
    json: jsonFormat(spec),
  });
}

// `attestations: true` gives every image a minimal provenance; a map gives the named images their predicates.
function attestationEntries(spec: IndexSpec, images: ReadonlyMap<string, BuiltImage>) {
  const { attestations } = spec;
  if (!attestations) return [];
  const attested =
    attestations === true
      ? spec.manifests.map((entry) => ({ image: entry.image, predicates: undefined }))
      : Object.entries(attestations).map(([image, predicates]) => ({ image, predicates }));
  return attested.map(({ image, predicates }) =>
    attestationEntry(buildAttestation({ image: images.get(image)!.manifest, predicates })),
  );
}

// Manifest JSON layout: compact unless indented, with an optional trailing newline.
function jsonFormat(spec: { readonly indent?: number; readonly trailingNewline?: boolean }) {
  if (!spec.indent && !spec.trailingNewline) return undefined;
  return { indent: spec.indent || undefined, trailingNewline: spec.trailingNewline };
}

function toTarEntry(file: FileSpec, variant: string): TarEntry {
  const path = file.path.replace(/\/+$/, "");
  const mode = file.mode;
  switch (file.type ?? "file") {
    case "dir":
      return { type: "dir", path, mode };
    case "symlink":
      return { type: "symlink", path, target: file.target ?? "", mode };
    case "hardlink":
      return { type: "hardlink", path, target: file.target ?? "", mode };
    case "whiteout":
      return { type: "whiteout", path, mode };
    case "opaque-whiteout":
      return { type: "opaque", path, mode };
    default:
      return { type: "file", path, content: fillPersonal(file.content ?? "", variant, path), mode };
  }
}
