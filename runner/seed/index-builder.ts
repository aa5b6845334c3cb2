import { type Digest, parseDigest } from "../../grader/oci/digest.js";
import type { Platform } from "../../grader/oci/types.js";
import { jsonBlob, toDescriptor } from "./blob.js";
import type { Built, BuiltImage, BuiltIndex } from "./built.js";
import { type Flavour, indexMediaType } from "./flavour.js";
import type { JsonFormat } from "./json.js";
import { orderDescriptor } from "./key-order.js";

/** Descriptor fields an entry may falsify on purpose: registries store such lies unchecked (curriculum §5.10). */
export interface DescriptorOverride {
  readonly mediaType?: string;
  readonly digest?: string;
  readonly size?: number;
}

/** One `manifests[]` entry: the built object it points at and what the descriptor says about it. */
export interface IndexEntry {
  readonly manifest: Built;
  /** Written as given (no platform field when absent); imageEntry fills it from the image. */
  readonly platform?: Platform;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly artifactType?: string;
  readonly override?: DescriptorOverride;
}

/** An OCI index or a Docker manifest list. */
export interface IndexSpec {
  readonly flavour: Flavour;
  /** Written in this order. */
  readonly entries: readonly IndexEntry[];
  /** Index annotations (a Docker manifest list defines none, but the bytes carry them if given). */
  readonly annotations?: Readonly<Record<string, string>>;
  readonly json?: JsonFormat;
}

// Builds an index (OCI) or manifest list (Docker) over already-built children, keeping them for pushPlan.
export function buildIndex(spec: IndexSpec): BuiltIndex {
  const manifests = spec.entries.map((entry, i) => orderDescriptor(entryDescriptor(entry, i), spec.flavour));
  const mediaType = indexMediaType(spec.flavour);
  const value = { schemaVersion: 2, mediaType, manifests, annotations: spec.annotations };
  return {
    kind: "index",
    manifest: jsonBlob(mediaType, value, spec.json),
    children: spec.entries.map((e) => e.manifest),
  };
}

// An entry for an image with the image's own platform; `extra` adds annotations or overrides (including platform).
export function imageEntry(image: BuiltImage, extra: Omit<IndexEntry, "manifest"> = {}): IndexEntry {
  return { manifest: image, platform: image.platform, ...extra };
}

function entryDescriptor(entry: IndexEntry, index: number) {
  const { mediaType, digest, size } = entry.override ?? {};
  if (size !== undefined && !(Number.isSafeInteger(size) && size >= 0)) {
    throw new RangeError(`index entry ${index}: override size must be a non-negative integer, got ${String(size)}`);
  }
  return toDescriptor(entry.manifest.manifest, {
    ...(mediaType === undefined ? {} : { mediaType }),
    ...(digest === undefined ? {} : { digest: checkedDigest(digest, index) }),
    ...(size === undefined ? {} : { size }),
    annotations: entry.annotations,
    platform: entry.platform,
    artifactType: entry.artifactType,
  });
}

function checkedDigest(digest: string, index: number): Digest {
  try {
    return parseDigest(digest);
  } catch (error) {
    throw new Error(`index entry ${index}: override digest`, { cause: error });
  }
}
