import { decodeImageConfig } from "../oci/decode.js";
import type { Digest } from "../oci/digest.js";
import { OciFormatError } from "../oci/format-error.js";
import { isAttestationDescriptor, platformOfConfig, runnablePlatforms } from "../oci/platform.js";
import type { Fetched, Manifest, Platform } from "../oci/types.js";
import { contentProblem } from "./content-image.js";
import type { GradeContext, SeedChild } from "./context.js";
import { describePlatform, listWords } from "./describe.js";
import type { Explanation } from "./explain-digest.js";
import { type LabRef, prefixed } from "./lab-ref.js";

// Why a pinned digest is not the expected object, read from the registry: a child manifest of the expected index
// (other architectures would break), an attestation entry, the image ID (a config blob: no manifest has that
// digest), a digest that names nothing (a schema 1 conversion fetched without Accept), or another image that a
// tag names. https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md

/** The object a pin must name, as seeded or as a tag names it now. */
export interface PinTarget {
  readonly digest: Digest;
  readonly mediaType: string;
  readonly configDigest?: Digest;
  readonly children: readonly SeedChild[];
}

// The target of a live tag: its digest, its children (with their config digests) or its config.
export async function targetOf(ctx: GradeContext, ref: LabRef, object: Fetched<Manifest>): Promise<PinTarget> {
  if (object.value.kind === "manifest")
    return {
      digest: object.digest,
      mediaType: object.mediaType,
      configDigest: object.value.config.digest,
      children: [],
    };
  const children: SeedChild[] = [];
  for (const entry of object.value.manifests.slice(0, 16)) {
    const child = await ctx.manifest({ ...ref, reference: entry.digest });
    const configDigest = child?.value.kind === "manifest" ? child.value.config.digest : undefined;
    children.push({
      digest: entry.digest,
      attestation: isAttestationDescriptor(entry),
      ...(entry.platform ? { platform: entry.platform } : {}),
      ...(configDigest ? { configDigest } : {}),
    });
  }
  return { digest: object.digest, mediaType: object.mediaType, children };
}

// Explains a pin `digest` (in `repository`) that is not `target`.
export async function explainPin(
  ctx: GradeContext,
  repository: string,
  digest: Digest,
  target: PinTarget,
): Promise<Explanation> {
  const child = target.children.find((c) => c.digest === digest);
  if (child?.attestation) {
    return {
      diagnosis: "It pins an attestation manifest (provenance or SBOM) of the index, which no node can run.",
      hint: "Pin the index digest itself.",
    };
  }
  if (child) {
    const platform = (await observedPlatform(ctx, repository, digest)) ?? child.platform;
    const others = target.children
      .filter((c) => !c.attestation && c.digest !== digest && c.platform)
      .map((c) => describePlatform(c.platform));
    return {
      diagnosis:
        `It pins the ${describePlatform(platform)} image from inside the multi-platform index, not the index: ` +
        `${others.length ? `${listWords(others)} nodes` : "nodes of other architectures"} would run the wrong image or fail.`,
      hint: "Pin the index digest: the digest of the tag itself (`skopeo inspect --format '{{.Digest}}'`, or the Docker-Content-Digest of the tag fetched with an Accept header for indexes).",
    };
  }
  if (digest === target.configDigest || target.children.some((c) => c.configDigest === digest)) {
    return {
      diagnosis:
        "It pins the image ID (the digest of the config blob), not a manifest: the registry has no manifest with that digest, so every pull fails.",
      hint: "Pin the manifest or index digest (`skopeo inspect --format '{{.Digest}}'`), not the IMAGE ID that `docker images` or `podman images` shows.",
    };
  }
  return explainOther(ctx, repository, digest);
}

async function explainOther(ctx: GradeContext, repository: string, digest: Digest): Promise<Explanation> {
  let object: Fetched<Manifest> | undefined;
  try {
    object = await ctx.manifest({ repository, reference: digest, text: repository });
  } catch (error) {
    if (error instanceof OciFormatError && error.code === "SCHEMA_1") return schema1();
    throw error;
  }
  if (!object) {
    if (await ctx.source.blobExists(prefixed(ctx.prefix, repository), digest)) {
      return {
        diagnosis: "That digest names a blob (a config or a layer), not a manifest: a pull by that digest fails.",
        hint: "Pin the manifest or index digest.",
      };
    }
    return {
      diagnosis: `No manifest in \`${repository}\` has that digest: it hashes other bytes (a re-formatted document, or the schema 1 conversion a registry serves when the request has no Accept header).`,
      hint: "Take the digest the registry reports for the tag: `skopeo inspect --format '{{.Digest}}'`, or `curl -I` with an Accept header for indexes and manifests.",
    };
  }
  const tags = await tagsOf(ctx, repository, digest);
  return {
    diagnosis: tags.length
      ? `It pins another image: the one ${listWords(tags.map((t) => `\`${t}\``))} point${tags.length === 1 ? "s" : ""} to.`
      : "It pins another image of the repository, which no tag names.",
    hint: "Pin the digest of the image the task names (check its labels or tag).",
  };
}

function schema1(): Explanation {
  return {
    diagnosis:
      "It pins a Docker schema 1 manifest: the conversion a registry serves for a Docker image fetched by tag without an Accept header.",
    hint: "Send an Accept header for Docker manifest lists and manifests (or use `skopeo inspect`), then pin that digest.",
  };
}

async function observedPlatform(ctx: GradeContext, repository: string, digest: Digest): Promise<Platform | undefined> {
  const object = await ctx.manifest({ repository, reference: digest, text: repository });
  if (object?.value.kind !== "manifest") return undefined;
  try {
    const raw = await ctx.source.blob(prefixed(ctx.prefix, repository), object.value.config, ctx.limits.maxConfigBytes);
    return platformOfConfig(decodeImageConfig(raw, ctx.limits.maxJsonDepth));
  } catch (error) {
    if (contentProblem(error) === undefined) throw error;
    return undefined;
  }
}

async function tagsOf(ctx: GradeContext, repository: string, digest: Digest): Promise<string[]> {
  const tags = (await ctx.source.tags(prefixed(ctx.prefix, repository))).slice(0, 50);
  const found: string[] = [];
  for (const tag of tags)
    if ((await ctx.manifest({ repository, reference: tag, text: tag }))?.digest === digest) found.push(tag);
  return found;
}

// The runnable platforms of an index, for messages.
export function platformsOf(object: Fetched<Manifest>): string[] {
  return object.value.kind === "index" ? runnablePlatforms(object.value).map((d) => describePlatform(d.platform)) : [];
}
