import type { Descriptor, ImageConfig, ImageIndex, Platform } from "./types.js";

// Platforms `os/architecture[/variant]` (image-spec image-index.md "platform"), their normalisation, and the
// BuildKit attestation entries (buildkit docs/attestations/attestation-storage.md) that are not platforms.

/** A string that is not `os/arch[/variant]`. */
export class PlatformFormatError extends Error {
  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(`invalid platform ${JSON.stringify(input.slice(0, 200))}: ${reason}`);
    this.name = "PlatformFormatError";
  }
}

const PART = /^[a-z0-9_.-]+$/;

// Parses `linux/arm64/v8` (lower-cased) into a Platform; throws PlatformFormatError.
export function parsePlatform(input: string): Platform {
  const parts = input.toLowerCase().split("/");
  if (parts.length < 2 || parts.length > 3) {
    throw new PlatformFormatError(
      input,
      "expected os/architecture or os/architecture/variant, for example linux/arm64/v8",
    );
  }
  for (const part of parts) {
    if (!PART.test(part)) throw new PlatformFormatError(input, `${JSON.stringify(part)} is not a platform component`);
  }
  const [os = "", architecture = "", variant] = parts;
  return variant === undefined ? { os, architecture } : { os, architecture, variant };
}

// `os/architecture[/variant]`.
export function formatPlatform(platform: Pick<Platform, "os" | "architecture" | "variant">): string {
  const base = `${platform.os}/${platform.architecture}`;
  return platform.variant ? `${base}/${platform.variant}` : base;
}

// Lower-cases os, architecture and variant and applies containerd's defaults, so equal platforms compare
// equal: arm64 without a variant is arm64/v8, arm without a variant is arm/v7, and amd64/v1 is plain amd64.
// Architecture aliases (x86_64, aarch64) are deliberately not mapped: the spec names GOARCH values, and a
// config saying `x86_64` is a mistake worth reporting.
export function normalizePlatform(platform: Platform): Platform {
  const os = platform.os.toLowerCase();
  const architecture = platform.architecture.toLowerCase();
  const variant = defaultVariant(architecture, platform.variant?.toLowerCase() ?? "");
  const { variant: _dropped, ...rest } = platform;
  return variant === "" ? { ...rest, os, architecture } : { ...rest, os, architecture, variant };
}

function defaultVariant(architecture: string, variant: string): string {
  if (architecture === "arm64" && variant === "") return "v8";
  if (architecture === "arm" && variant === "") return "v7";
  if (architecture === "amd64" && variant === "v1") return "";
  return variant;
}

// True when os, architecture and variant are equal after normalisation (os.version and features ignored).
export function platformsEqual(a: Platform, b: Platform): boolean {
  return formatPlatform(normalizePlatform(a)) === formatPlatform(normalizePlatform(b));
}

export const ATTESTATION_REFERENCE_TYPE = "attestation-manifest";

// A BuildKit attestation entry of an index: platform unknown/unknown, or `vnd.docker.reference.type` set to
// `attestation-manifest`. Such entries are provenance/SBOM documents, never runnable images.
export function isAttestationDescriptor(descriptor: Pick<Descriptor, "platform" | "annotations">): boolean {
  const { platform, annotations } = descriptor;
  if (platform?.os === "unknown" && platform.architecture === "unknown") return true;
  return annotations?.["vnd.docker.reference.type"] === ATTESTATION_REFERENCE_TYPE;
}

// The index entries a runtime may pick for a platform: every entry except attestations.
export function runnablePlatforms(index: Pick<ImageIndex, "manifests">): readonly Descriptor[] {
  return index.manifests.filter((d) => !isAttestationDescriptor(d));
}

// The platform an image configuration declares; undefined when os or architecture is missing.
export function platformOfConfig(config: ImageConfig): Platform | undefined {
  if (!config.os || !config.architecture) return undefined;
  const platform: Platform = { os: config.os, architecture: config.architecture };
  const withVariant = config.variant ? { ...platform, variant: config.variant } : platform;
  const osVersion = config["os.version"];
  return osVersion ? { ...withVariant, "os.version": osVersion } : withVariant;
}
