import { MediaType } from "../../grader/oci/media-types.js";
import type { Compression } from "./compress.js";

/** Which family of media types a built object uses: OCI image-spec or Docker schema 2. */
export type Flavour = "oci" | "docker";

interface FlavourTypes {
  readonly manifest: string;
  readonly index: string;
  readonly config: string;
  readonly layer: Readonly<Partial<Record<Compression, string>>>;
}

const TYPES: Readonly<Record<Flavour, FlavourTypes>> = {
  oci: {
    manifest: MediaType.ociManifest,
    index: MediaType.ociIndex,
    config: MediaType.ociConfig,
    layer: { gzip: MediaType.ociLayerGzip, none: MediaType.ociLayer },
  },
  // Docker schema 2 defines no uncompressed layer type.
  docker: {
    manifest: MediaType.dockerManifest,
    index: MediaType.dockerManifestList,
    config: MediaType.dockerConfig,
    layer: { gzip: MediaType.dockerLayerGzip },
  },
};

function typesOf(flavour: Flavour): FlavourTypes {
  if (!Object.hasOwn(TYPES, flavour))
    throw new Error(`unknown flavour ${JSON.stringify(flavour)} (use "oci" or "docker")`);
  return TYPES[flavour];
}

// The image manifest media type of a flavour.
export function manifestMediaType(flavour: Flavour): string {
  return typesOf(flavour).manifest;
}

// The index (OCI) or manifest list (Docker) media type of a flavour.
export function indexMediaType(flavour: Flavour): string {
  return typesOf(flavour).index;
}

// The image config media type of a flavour.
export function configMediaType(flavour: Flavour): string {
  return typesOf(flavour).config;
}

// The layer media type for a flavour and compression; throws for pairs no spec defines (Docker + none, any zstd).
export function layerMediaType(flavour: Flavour, compression: Compression): string {
  const mediaType = Object.hasOwn(typesOf(flavour).layer, compression)
    ? typesOf(flavour).layer[compression]
    : undefined;
  if (mediaType !== undefined) return mediaType;
  if (flavour === "docker" && compression === "none") {
    throw new Error(
      'docker layers must be gzip-compressed: schema 2 has no uncompressed layer type (use flavour "oci")',
    );
  }
  throw new Error(`unsupported compression ${JSON.stringify(compression)} (use "gzip" or "none")`);
}
