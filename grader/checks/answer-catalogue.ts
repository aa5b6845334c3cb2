import { decodeImageConfig } from "../oci/decode.js";
import { isAttestationDescriptor, platformOfConfig } from "../oci/platform.js";
import type { Descriptor, ImageManifest, Platform } from "../oci/types.js";
import { chainIds } from "./answer-chain.js";
import { contentProblem } from "./content-image.js";
import type { GradeContext, SeedFact } from "./context.js";
import { describePlatform } from "./describe.js";
import { type LabRef, prefixed } from "./lab-ref.js";

// Every digest around the object an answer is about, with its role: the index, each platform's manifest, config
// (image ID), layer blobs, DiffIDs and ChainIDs (as the config declares them), and attestation manifests. A wrong
// answer found here is named by role ("the config digest of the linux/amd64 image"), never by value.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md, https://github.com/opencontainers/image-spec/blob/v1.1.1/config.md#layer-chainid

export type DigestRole = "index" | "manifest" | "config" | "layer" | "diffId" | "chainId" | "attestation";

/** A digest and what it is. */
export interface KnownDigest {
  readonly digest: string;
  readonly role: DigestRole;
  /** The platform of the image it belongs to (for an attestation: of the image it describes). */
  readonly platform?: Platform;
  readonly layer?: number;
}

const MAX_ENTRIES = 16;

// The digests around a registry object.
export async function knownFromRef(ctx: GradeContext, ref: LabRef): Promise<KnownDigest[]> {
  const top = await ctx.manifest(ref);
  if (!top) return [];
  if (top.value.kind === "manifest")
    return [{ digest: top.digest, role: "manifest" }, ...(await imageDigests(ctx, ref, top.value))];
  const entries = top.value.manifests.slice(0, MAX_ENTRIES);
  const platformOf = (digest: string) => entries.find((e) => e.digest === digest)?.platform;
  const known: KnownDigest[] = [{ digest: top.digest, role: "index" }];
  for (const entry of entries) {
    if (isAttestationDescriptor(entry)) {
      const described = platformOf(entry.annotations?.["vnd.docker.reference.digest"] ?? "");
      known.push({ digest: entry.digest, role: "attestation", ...(described ? { platform: described } : {}) });
      continue;
    }
    known.push({ digest: entry.digest, role: "manifest", ...(entry.platform ? { platform: entry.platform } : {}) });
    const child = await ctx.manifest({ repository: ref.repository, reference: entry.digest, text: ref.text });
    if (child?.value.kind === "manifest") known.push(...(await imageDigests(ctx, ref, child.value, entry.platform)));
  }
  return known;
}

// The digests the seed facts name.
export function knownFromSeed(fact: SeedFact): KnownDigest[] {
  const top: KnownDigest = { digest: fact.digest, role: fact.children ? "index" : "manifest" };
  const own = fact.configDigest ? [{ digest: fact.configDigest, role: "config" as const }] : [];
  const children = (fact.children ?? []).flatMap((c): KnownDigest[] => {
    const platform = c.platform && !c.attestation ? { platform: c.platform } : {};
    const config =
      c.configDigest && !c.attestation ? [{ digest: c.configDigest, role: "config" as const, ...platform }] : [];
    return [{ digest: c.digest, role: c.attestation ? "attestation" : "manifest", ...platform }, ...config];
  });
  return [top, ...own, ...children];
}

async function imageDigests(
  ctx: GradeContext,
  ref: LabRef,
  manifest: ImageManifest,
  entryPlatform?: Platform,
): Promise<KnownDigest[]> {
  const declared = await declaredConfig(ctx, ref, manifest.config);
  const platform = entryPlatform ?? (declared ? platformOfConfig(declared) : undefined);
  const on = platform ? { platform } : {};
  const diffIds = declared?.rootfs?.diff_ids ?? [];
  return [
    { digest: manifest.config.digest, role: "config", ...on },
    ...manifest.layers.map((l, layer) => ({ digest: l.digest, role: "layer" as const, layer, ...on })),
    ...diffIds.map((d, layer) => ({ digest: d, role: "diffId" as const, layer, ...on })),
    ...chainIds(diffIds).map((d, layer) => ({ digest: d, role: "chainId" as const, layer, ...on })),
  ];
}

async function declaredConfig(ctx: GradeContext, ref: LabRef, descriptor: Descriptor) {
  try {
    const raw = await ctx.source.blob(prefixed(ctx.prefix, ref.repository), descriptor, ctx.limits.maxConfigBytes);
    return decodeImageConfig(raw, ctx.limits.maxJsonDepth);
  } catch (error) {
    if (contentProblem(error) === undefined) throw error;
    return undefined;
  }
}

const ROLE_WORDS: Readonly<Record<DigestRole, string>> = {
  index: "the digest of the index itself (what the tag points to)",
  manifest: "the digest of the image manifest",
  config: "the config digest (the image ID)",
  layer: "the compressed blob digest of layer",
  diffId: "the DiffID (uncompressed digest) of layer",
  chainId: "the ChainID of layer",
  attestation: "the digest of the attestation manifest",
};

// "the config digest (the image ID) of the `linux/amd64` image", "the DiffID (uncompressed digest) of layer 1 of the image".
export function describeRole(role: DigestRole, platform?: Platform, layer?: number): string {
  if (role === "index") return ROLE_WORDS.index;
  const image = platform ? `the ${describePlatform(platform)} image` : "the image";
  const words = layer === undefined ? ROLE_WORDS[role].replace(/ of layer$/, "") : `${ROLE_WORDS[role]} ${layer}`;
  if (role === "attestation") return `${words} for ${image}`;
  return `${words} of ${image}`;
}
