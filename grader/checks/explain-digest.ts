import { decodeImageConfig } from "../oci/decode.js";
import { platformOfConfig } from "../oci/platform.js";
import type { Fetched, ImageConfig, Manifest } from "../oci/types.js";
import type { GradeContext, SeedFact } from "./context.js";
import { describeKind, describePlatform } from "./describe.js";
import { prefixed } from "./lab-ref.js";

/** A recognised reason why an object is not the expected one: what happened and what to do. */
export interface Explanation {
  readonly diagnosis: string;
  readonly hint: string;
}

// Explains why `actual` (found at `where`) is not the seeded object `expected`, from the observed objects only.
export async function explainDigestMismatch(
  where: string,
  repository: string,
  expected: SeedFact,
  actual: Fetched<Manifest>,
  ctx: GradeContext,
): Promise<Explanation> {
  const child = expected.children?.find((c) => c.digest === actual.digest);
  if (child) {
    const platform = (await observedPlatform(repository, actual, ctx)) ?? child.platform;
    return {
      diagnosis:
        `\`${where}\` is the ${describePlatform(platform)} image from inside the source index, not the index itself: ` +
        `only one platform was copied, and the other platforms and attestations were left behind.`,
      hint: "Copy the whole index, not the image for your machine's platform (with skopeo: `skopeo copy --all`).",
    };
  }
  if (actual.value.kind === "manifest") return explainManifest(where, repository, expected, actual, ctx);
  return explainIndex(where, expected, actual);
}

async function explainManifest(
  where: string,
  repository: string,
  expected: SeedFact,
  actual: Fetched<Manifest>,
  ctx: GradeContext,
): Promise<Explanation> {
  const configDigest = actual.value.kind === "manifest" ? actual.value.config.digest : undefined;
  const sameConfig =
    expected.children?.find((c) => c.configDigest === configDigest) ??
    (expected.configDigest === configDigest ? expected : undefined);
  if (sameConfig) {
    const platform = (await observedPlatform(repository, actual, ctx)) ?? sameConfig.platform;
    return {
      diagnosis:
        `\`${where}\` has the same image ID (config digest) as the source's ` +
        `${describePlatform(platform)} image, but different manifest bytes (${describeKind(actual.mediaType)}): ` +
        `the image was re-encoded on the way, so its digest changed${expected.children ? " and the other platforms were dropped" : ""}.`,
      hint: "Copy the registry objects byte for byte (for example `skopeo copy --all`) instead of pulling and pushing an image.",
    };
  }
  return {
    diagnosis: `\`${where}\` is ${describeKind(actual.mediaType)} that shares nothing with the source: it is a different image.`,
    hint: "Copy the source tag itself into the target repository.",
  };
}

function explainIndex(where: string, expected: SeedFact, actual: Fetched<Manifest>): Explanation {
  if (actual.value.kind !== "index") throw new Error("explainIndex needs an index");
  const actualChildren = new Set(actual.value.manifests.map((m) => m.digest));
  const expectedChildren = expected.children ?? [];
  const kept = expectedChildren.filter((c) => actualChildren.has(c.digest));
  const converted =
    actual.mediaType !== expected.mediaType ? ` and its type changed to ${describeKind(actual.mediaType)}` : "";
  if (kept.length === expectedChildren.length && kept.length > 0) {
    return {
      diagnosis:
        `\`${where}\` lists the same images as the source, but the index itself was written anew${converted}: ` +
        `new bytes mean a new digest.`,
      hint: "Copy the original index instead of re-creating it (for example `skopeo copy --all`, not a new manifest list).",
    };
  }
  const droppedAttestations = expectedChildren.filter((c) => c.attestation && !actualChildren.has(c.digest)).length;
  const attestationNote = droppedAttestations > 0 ? ` (${droppedAttestations} attestation manifests are gone)` : "";
  return {
    diagnosis:
      `\`${where}\` is an index whose entries are not the source's images: ${kept.length} of ${expectedChildren.length} ` +
      `entries are unchanged${attestationNote}${converted}. The images inside were converted or rebuilt, which changes every digest.`,
    hint: "Copy without converting formats (no `--format`), so manifests and configs keep their bytes.",
  };
}

async function observedPlatform(repository: string, actual: Fetched<Manifest>, ctx: GradeContext) {
  if (actual.value.kind !== "manifest") return undefined;
  try {
    const raw = await ctx.source.blob(prefixed(ctx.prefix, repository), actual.value.config, ctx.limits.maxConfigBytes);
    const config: ImageConfig = decodeImageConfig(raw);
    return platformOfConfig(config);
  } catch {
    return undefined;
  }
}
