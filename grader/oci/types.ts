import type { Digest } from "./digest.js";

// Spec-shaped OCI objects (image-spec v1.1). Field names are the spec's; every field is readonly.

/** A platform as written in an index entry or a config (image-spec image-index.md). */
export interface Platform {
  readonly architecture: string;
  readonly os: string;
  readonly "os.version"?: string;
  readonly "os.features"?: readonly string[];
  readonly variant?: string;
  readonly features?: readonly string[];
}

/** A content descriptor (image-spec descriptor.md). */
export interface Descriptor {
  readonly mediaType: string;
  readonly digest: Digest;
  readonly size: number;
  readonly urls?: readonly string[];
  readonly annotations?: Readonly<Record<string, string>>;
  readonly data?: string;
  readonly artifactType?: string;
  readonly platform?: Platform;
}

/** An image manifest, OCI or Docker schema 2 (image-spec manifest.md). */
export interface ImageManifest {
  readonly kind: "manifest";
  readonly schemaVersion: number;
  readonly mediaType?: string;
  readonly artifactType?: string;
  readonly config: Descriptor;
  readonly layers: readonly Descriptor[];
  readonly subject?: Descriptor;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** An image index or Docker manifest list (image-spec image-index.md). */
export interface ImageIndex {
  readonly kind: "index";
  readonly schemaVersion: number;
  readonly mediaType?: string;
  readonly artifactType?: string;
  readonly manifests: readonly Descriptor[];
  readonly subject?: Descriptor;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Either manifest kind, discriminated by `kind` (set by the decoder from the media type). */
export type Manifest = ImageManifest | ImageIndex;

/** The parts of an image configuration the grader reads (image-spec config.md). */
export interface ImageConfig {
  readonly architecture?: string;
  readonly os?: string;
  readonly variant?: string;
  readonly "os.version"?: string;
  readonly created?: string;
  readonly author?: string;
  readonly config?: Readonly<Record<string, unknown>>;
  readonly rootfs?: { readonly type: string; readonly diff_ids: readonly Digest[] };
  readonly history?: readonly Readonly<Record<string, unknown>>[];
}

/**
 * A decoded object kept with the exact bytes it came from. Digests are computed over `raw`,
 * never over re-serialised JSON.
 */
export interface Fetched<T> {
  readonly digest: Digest;
  readonly mediaType: string;
  readonly raw: Uint8Array;
  readonly value: T;
}
