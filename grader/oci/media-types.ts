// Media types from the OCI image spec (media-types.md) and their Docker equivalents.

export const MediaType = {
  ociIndex: "application/vnd.oci.image.index.v1+json",
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociConfig: "application/vnd.oci.image.config.v1+json",
  ociLayer: "application/vnd.oci.image.layer.v1.tar",
  ociLayerGzip: "application/vnd.oci.image.layer.v1.tar+gzip",
  ociLayerZstd: "application/vnd.oci.image.layer.v1.tar+zstd",
  ociLayerNondistributable: "application/vnd.oci.image.layer.nondistributable.v1.tar",
  ociLayerNondistributableGzip: "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
  ociLayerNondistributableZstd: "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
  ociEmpty: "application/vnd.oci.empty.v1+json",
  ociLayoutHeader: "application/vnd.oci.layout.header.v1+json",
  dockerManifestList: "application/vnd.docker.distribution.manifest.list.v2+json",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerManifestSchema1: "application/vnd.docker.distribution.manifest.v1+json",
  dockerManifestSchema1Signed: "application/vnd.docker.distribution.manifest.v1+prettyjws",
  dockerConfig: "application/vnd.docker.container.image.v1+json",
  dockerLayerGzip: "application/vnd.docker.image.rootfs.diff.tar.gzip",
  dockerLayerForeignGzip: "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
  dockerLayerZstd: "application/vnd.docker.image.rootfs.diff.tar.zstd",
  inTotoLayer: "application/vnd.in-toto+json",
} as const;

export type KnownMediaType = (typeof MediaType)[keyof typeof MediaType];

/** The four manifest types a client asks for: never schema 1, never a wildcard. */
export const MANIFEST_ACCEPT: readonly string[] = [
  MediaType.ociIndex,
  MediaType.ociManifest,
  MediaType.dockerManifestList,
  MediaType.dockerManifest,
];

/** The empty descriptor's content `{}` and its digest (image-spec manifest.md, "Guidance for an Empty Descriptor"). */
export const EMPTY_JSON = "{}";
export const EMPTY_JSON_DIGEST = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

// Removes parameters (`; charset=...`) and case from a Content-Type value.
export function baseMediaType(contentType: string): string {
  return (contentType.split(";")[0] ?? "").trim().toLowerCase();
}

// An image index or a Docker manifest list.
export function isIndexMediaType(mt: string): boolean {
  return mt === MediaType.ociIndex || mt === MediaType.dockerManifestList;
}

// A single image manifest, OCI or Docker schema 2.
export function isImageManifestMediaType(mt: string): boolean {
  return mt === MediaType.ociManifest || mt === MediaType.dockerManifest;
}

// Any of the four manifest types the project reads.
export function isManifestMediaType(mt: string): boolean {
  return isIndexMediaType(mt) || isImageManifestMediaType(mt);
}

// Docker schema 1 (never requested, recognised to explain it).
export function isSchema1MediaType(mt: string): boolean {
  return mt === MediaType.dockerManifestSchema1 || mt === MediaType.dockerManifestSchema1Signed;
}

// An image configuration, OCI or Docker.
export function isImageConfigMediaType(mt: string): boolean {
  return mt === MediaType.ociConfig || mt === MediaType.dockerConfig;
}

const LAYER_TYPES: ReadonlySet<string> = new Set([
  MediaType.ociLayer,
  MediaType.ociLayerGzip,
  MediaType.ociLayerZstd,
  MediaType.ociLayerNondistributable,
  MediaType.ociLayerNondistributableGzip,
  MediaType.ociLayerNondistributableZstd,
  MediaType.dockerLayerGzip,
  MediaType.dockerLayerForeignGzip,
  MediaType.dockerLayerZstd,
]);

// A filesystem layer (tar, possibly compressed), OCI or Docker.
export function isLayerMediaType(mt: string): boolean {
  return LAYER_TYPES.has(mt);
}

/** How a layer's bytes are compressed, read from its media type. */
export type LayerCompression = "none" | "gzip" | "zstd";

// The compression a layer media type declares; undefined when the type is not a layer.
export function layerCompression(mt: string): LayerCompression | undefined {
  if (!isLayerMediaType(mt)) return undefined;
  if (mt.endsWith("+gzip") || mt.endsWith(".tar.gzip")) return "gzip";
  if (mt.endsWith("+zstd") || mt.endsWith(".tar.zstd")) return "zstd";
  return "none";
}

// True for the Docker flavour of a manifest, list, config or layer type.
export function isDockerMediaType(mt: string): boolean {
  return mt.startsWith("application/vnd.docker.");
}

// An in-toto statement layer (BuildKit attestations).
export function isInTotoMediaType(mt: string): boolean {
  return mt === MediaType.inTotoLayer;
}

// The OCI empty descriptor type (`{}`), used by artifacts.
export function isEmptyMediaType(mt: string): boolean {
  return mt === MediaType.ociEmpty;
}

// A short name for a media type, for learner-facing text ("OCI index", "Docker manifest list").
export function describeMediaType(mt: string): string {
  switch (mt) {
    case MediaType.ociIndex:
      return "OCI image index";
    case MediaType.ociManifest:
      return "OCI image manifest";
    case MediaType.dockerManifestList:
      return "Docker manifest list";
    case MediaType.dockerManifest:
      return "Docker image manifest (schema 2)";
    case MediaType.dockerManifestSchema1:
    case MediaType.dockerManifestSchema1Signed:
      return "Docker schema 1 manifest";
    case MediaType.ociConfig:
      return "OCI image config";
    case MediaType.dockerConfig:
      return "Docker image config";
    default:
      return isLayerMediaType(mt) ? "layer" : mt;
  }
}
