import { isInTotoMediaType, isSchema1MediaType, layerCompression, MediaType } from "../../grader/oci/media-types.js";

// Short, readable names for media types and byte counts, for the tree, the pictures and `labs whatis`.

const SHORT: Readonly<Record<string, string>> = {
  [MediaType.ociIndex]: "OCI index",
  [MediaType.dockerManifestList]: "Docker manifest list",
  [MediaType.ociManifest]: "OCI manifest",
  [MediaType.dockerManifest]: "Docker manifest",
  [MediaType.ociConfig]: "OCI config",
  [MediaType.dockerConfig]: "Docker config",
  [MediaType.ociEmpty]: "empty {}",
  [MediaType.inTotoLayer]: "in-toto statement",
};

// "OCI index", "layer tar+gzip", "Docker layer tar+gzip", "in-toto statement"; unknown types unchanged.
export function shortMediaType(mediaType: string): string {
  const known = SHORT[mediaType];
  if (known) return known;
  if (isSchema1MediaType(mediaType)) return "Docker schema 1 manifest";
  if (isInTotoMediaType(mediaType)) return "in-toto statement";
  const compression = layerCompression(mediaType);
  if (compression === undefined) return mediaType === "" ? "unknown type" : mediaType;
  const tar = compression === "none" ? "tar" : `tar+${compression}`;
  const flavour = mediaType.startsWith("application/vnd.docker.") ? "Docker " : "";
  const foreign = mediaType.includes("foreign") || mediaType.includes("nondistributable") ? "foreign " : "";
  return `${flavour}${foreign}layer ${tar}`;
}

const UNITS = ["KiB", "MiB", "GiB", "TiB"] as const;

// "512 B", "1.5 KiB", "12 MiB": binary units, one decimal below 10.
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes;
  let unit = "B";
  for (const next of UNITS) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${unit}`;
}
