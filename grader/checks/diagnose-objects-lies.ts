import { isLayerMediaType, layerCompression } from "../oci/media-types.js";
import { isAttestationDescriptor, platformOfConfig, platformsEqual } from "../oci/platform.js";
import type { Descriptor, ImageIndex, ImageManifest } from "../oci/types.js";
import type { Graph, GraphNode } from "../oci/walk.js";
import type { GradeContext } from "./context.js";
import { describePlatform, shortDigest } from "./describe.js";
import { diffIdLies } from "./diagnose-objects-diffids.js";
import { describeFormat, readBlobHead, sniffFormat } from "./diagnose-objects-media.js";

// Every way a descriptor under a reference can lie, read from the walked graph: sizes, digests and media types
// as served (descriptor.md), index platforms against the child's config (image-index.md), a layer media type
// against the layer's bytes, and optionally rootfs.diff_ids against the layers (config.md).

/** What a lie is about; each has its own advice. */
export type LieKind =
  | "platform"
  | "size"
  | "media-type"
  | "digest"
  | "layer-format"
  | "diff-id"
  | "missing"
  | "invalid";

/** One descriptor that does not tell the truth. */
export interface Lie {
  readonly kind: LieKind;
  readonly message: string;
}

/** What else to verify beyond sizes, digests, media types and platforms. */
export interface LieOptions {
  /** An entry must state the variant its config states (arm → v7 is not assumed). */
  readonly explicitVariant: boolean;
  /** Verify rootfs.diff_ids against the uncompressed layers. */
  readonly diffIds: boolean;
}

const PROBLEM_KINDS: Readonly<Record<string, LieKind>> = {
  "size-mismatch": "size",
  "media-type-mismatch": "media-type",
  "digest-mismatch": "digest",
  missing: "missing",
  invalid: "invalid",
};

// Collects the lies of a walked graph, in the walk's order, then per manifest.
export async function collectLies(
  ctx: GradeContext,
  repository: string,
  graph: Graph,
  options: LieOptions,
): Promise<Lie[]> {
  const lies: Lie[] = [];
  for (const p of graph.problems) {
    const kind = PROBLEM_KINDS[p.kind];
    if (kind) lies.push({ kind, message: p.message });
  }
  for (const node of graph.nodes.values()) {
    ctx.deadline.check("checking descriptors");
    if (node.manifest?.kind === "index") lies.push(...platformLies(graph, node.manifest, options));
    if (node.manifest?.kind === "manifest" && node.state === "ok") {
      lies.push(...(await layerLies(ctx, repository, graph, node.manifest)));
      const config = graph.nodes.get(node.manifest.config.digest)?.config;
      if (options.diffIds && config) {
        const readable = (layer: Descriptor) => graph.nodes.get(layer.digest)?.state === "ok";
        for (const lie of await diffIdLies(ctx, repository, node.manifest, config, readable)) {
          lies.push({ kind: "diff-id", message: `${whereIs(node)}: ${lie.message}` });
        }
      }
    }
  }
  return lies;
}

function whereIs(node: GraphNode): string {
  return node.path === ""
    ? `manifest ${shortDigest(node.digest)}`
    : `manifest ${shortDigest(node.digest)} at ${node.path}`;
}

function platformLies(graph: Graph, index: ImageIndex, options: LieOptions): Lie[] {
  const lies: Lie[] = [];
  for (const entry of index.manifests) {
    const child = graph.nodes.get(entry.digest)?.manifest;
    if (child?.kind !== "manifest") continue;
    const config = graph.nodes.get(child.config.digest)?.config;
    const actual = config ? platformOfConfig(config) : undefined;
    if (!actual) continue;
    const message = platformLie(entry, actual, options);
    if (message) lies.push({ kind: "platform", message });
  }
  return lies;
}

function platformLie(entry: Descriptor, actual: NonNullable<ReturnType<typeof platformOfConfig>>, options: LieOptions) {
  const name = `the entry for ${shortDigest(entry.digest)}`;
  const { platform } = entry;
  if (!platform) {
    if (isAttestationDescriptor(entry)) return undefined;
    return `${name} names no platform, but its config says ${describePlatform(actual)}`;
  }
  if (!platformsEqual(platform, actual)) {
    return `${name} claims ${describePlatform(platform)} but its config says ${describePlatform(actual)}`;
  }
  if (options.explicitVariant && actual.variant && !platform.variant) {
    return `${name} claims ${describePlatform(platform)} without the variant its config states (${describePlatform(actual)})`;
  }
  return undefined;
}

async function layerLies(ctx: GradeContext, repository: string, graph: Graph, manifest: ImageManifest): Promise<Lie[]> {
  const lies: Lie[] = [];
  for (const layer of manifest.layers) {
    const declared = layerCompression(layer.mediaType);
    const node = graph.nodes.get(layer.digest);
    if (!declared || !isLayerMediaType(layer.mediaType) || node?.state !== "ok" || layer.size === 0) continue;
    const actual = sniffFormat(await readBlobHead(ctx, repository, layer));
    if (actual === declared || (actual === "unknown" && declared === "none")) continue;
    lies.push({
      kind: "layer-format",
      message: `layer ${shortDigest(layer.digest)} says \`${layer.mediaType}\` but its bytes are ${describeFormat(actual)}`,
    });
  }
  return lies;
}

const ADVICE: Readonly<Record<LieKind, string>> = {
  platform: "Take each entry's platform from the config of the image it points at (os, architecture and variant).",
  size: "A descriptor's size is the byte length of the exact blob or manifest it points at (the .tar.gz you uploaded, not the .tar). This registry does not check it, but clients do.",
  "media-type": "An entry's mediaType must be the media type its manifest is served with.",
  digest: "A descriptor's digest is the sha256 of the exact bytes it points at; copy them verbatim.",
  "layer-format":
    "A layer's media type must say how its bytes are compressed: gzip the tar for `…tar+gzip`, or use the plain `…tar` type.",
  "diff-id": "rootfs.diff_ids must hash each *uncompressed* tar (`gzip -dc layer.tar.gz | sha256sum`), in layer order.",
  missing: "Push every object the descriptors point at, into the same repository, before the manifest that names it.",
  invalid:
    "Every object a descriptor points at must be what its media type says (an image config must be valid JSON config).",
};

// The advice for a lie kind.
export function adviceFor(kind: LieKind): string {
  return ADVICE[kind];
}
