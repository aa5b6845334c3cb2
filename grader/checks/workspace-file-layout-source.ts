import { decodeManifest } from "../oci/decode.js";
import { type Digest, digestAlgorithm, digestHex, digestOf, isDigest } from "../oci/digest.js";
import type { Limits } from "../oci/limits.js";
import { MediaType } from "../oci/media-types.js";
import { ContentMismatchError, ObjectNotFoundError } from "../oci/source-errors.js";
import type { Descriptor, Fetched, Manifest } from "../oci/types.js";
import type { ObjectSource } from "../registry/source.js";
import type { WorkspaceReader } from "./inputs.js";

// An OCI image layout in the learner's workspace, read as an ObjectSource so the graph walk can verify it like a
// repository (image-spec image-layout.md: `blobs/<alg>/<encoded>` MUST hash to its name; manifests carry no
// Content-Type, so their media type comes from the descriptor that points at them, else from their shape).
// Read-only and bounded: files are read through the workspace reader, never followed through symlinks.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/image-layout.md#blobs

// A source over `dir`; `mediaTypes` maps digests to the media type their descriptors give (index.json's, and
// each decoded index's entries are added as the walk goes).
export function createLayoutSource(
  workspace: WorkspaceReader,
  dir: string,
  limits: Limits,
  mediaTypes: Map<string, string>,
): ObjectSource {
  const path = (digest: Digest) => `${dir}/blobs/${digestAlgorithm(digest)}/${digestHex(digest)}`;
  async function read(digest: string, maxBytes: number): Promise<Uint8Array> {
    if (!isDigest(digest)) throw new ObjectNotFoundError(`${digest} is not a digest`);
    const bytes = await workspace.read(path(digest), maxBytes);
    if (!bytes) throw new ObjectNotFoundError(`${path(digest)} does not exist`);
    return bytes;
  }
  async function verified(descriptor: Pick<Descriptor, "digest" | "size">, maxBytes: number): Promise<Uint8Array> {
    const bytes = await read(descriptor.digest, maxBytes);
    if (bytes.byteLength !== descriptor.size)
      throw new ContentMismatchError("size", descriptor.size, bytes.byteLength, "layout blob");
    const actual = digestOf(bytes, digestAlgorithm(descriptor.digest));
    if (actual !== descriptor.digest)
      throw new ContentMismatchError("digest", descriptor.digest, actual, "layout blob");
    return bytes;
  }
  return {
    async manifest(_repository, reference) {
      const raw = await read(reference, limits.maxManifestBytes);
      const fetched = decodeManifest(raw, mediaTypes.get(reference) ?? sniff(raw), {
        algorithm: digestAlgorithm(reference as Digest),
      });
      if (fetched.value.kind === "index")
        for (const d of fetched.value.manifests) mediaTypes.set(d.digest, d.mediaType);
      return fetched as Fetched<Manifest>;
    },
    async manifestExists(_repository, reference) {
      return read(reference, limits.maxManifestBytes).then(
        () => true,
        () => false,
      );
    },
    blob: (_repository, descriptor, maxBytes = limits.maxBlobBytes) => verified(descriptor, maxBytes),
    async *blobStream(_repository, descriptor) {
      yield await verified(descriptor, limits.maxBlobBytes);
    },
    async blobExists(_repository, digest) {
      return read(digest, limits.maxBlobBytes).then(
        () => true,
        () => false,
      );
    },
    async tags() {
      return [];
    },
    async referrers() {
      return [];
    },
  };
}

// A manifest's media type from its shape, when no descriptor gave one (umoci writes no `mediaType` field).
function sniff(raw: Uint8Array): string {
  const text = new TextDecoder().decode(raw);
  return /"manifests"\s*:/.test(text) ? MediaType.ociIndex : MediaType.ociManifest;
}
