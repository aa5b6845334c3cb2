import type { FileSpec, ImageSpec, IndexSpec, SeedSpec } from "../../grader/lab/types.js";
import { parsePlatform } from "../../grader/oci/platform.js";
import { attestationEntry, buildAttestation } from "../seed/attestation.js";
import type { Built, BuiltImage } from "../seed/built.js";
import { buildImage } from "../seed/image.js";
import { buildIndex, imageEntry } from "../seed/index-builder.js";
import type { TarEntry } from "../seed/tar.js";

const cache = new WeakMap<SeedSpec, ReadonlyMap<string, Built>>();

// Builds every named object of a lab's seed with the deterministic builder (memoised per seed).
export function buildSeed(seed: SeedSpec): ReadonlyMap<string, Built> {
  const hit = cache.get(seed);
  if (hit) return hit;
  const built = new Map<string, Built>();
  const images = new Map<string, BuiltImage>();
  for (const [name, spec] of Object.entries(seed.images)) {
    const image = buildLabImage(spec);
    images.set(name, image);
    built.set(name, image);
  }
  for (const [name, spec] of Object.entries(seed.indexes)) built.set(name, buildLabIndex(spec, images));
  cache.set(seed, built);
  return built;
}

function buildLabImage(spec: ImageSpec): BuiltImage {
  return buildImage({
    flavour: spec.flavour,
    platform: parsePlatform(spec.platform),
    layers: spec.layers.map((layer) => ({ files: layer.files.map(toTarEntry), compression: layer.compression })),
    config: spec.config as never,
    annotations: spec.annotations,
    json: spec.indent ? { indent: spec.indent } : undefined,
  });
}

function buildLabIndex(spec: IndexSpec, images: ReadonlyMap<string, BuiltImage>): Built {
  const entries = spec.manifests.map((entry) => {
    const image = images.get(entry.image);
    if (!image) throw new Error(`seed index names unknown image "${entry.image}"`);
    return imageEntry(image, entry.platform ? { platform: parsePlatform(entry.platform) } : {});
  });
  const attestations = spec.attestations
    ? spec.manifests.map((entry) => attestationEntry(buildAttestation({ image: images.get(entry.image)!.manifest })))
    : [];
  return buildIndex({
    flavour: spec.flavour,
    entries: [...entries, ...attestations],
    annotations: spec.annotations,
    json: spec.indent ? { indent: spec.indent } : undefined,
  });
}

function toTarEntry(file: FileSpec): TarEntry {
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
      return { type: "file", path, content: file.content ?? "", mode };
  }
}
