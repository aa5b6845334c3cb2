import { createHash, randomBytes } from "node:crypto";
import { expect } from "vitest";
import { MediaType } from "../../../../grader/oci/media-types.js";
import type { Client } from "./http.js";

// Builds small OCI objects and pushes them with the plainest flows, asserting each step.

// sha256 digest of bytes.
export function sha256(bytes: Uint8Array | string): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

/** A blob with its digest. */
export interface Blob {
  readonly bytes: Buffer;
  readonly digest: string;
  readonly size: number;
}

// A blob of the given content (random when only a size is given).
export function blobOf(content: string | Buffer | number): Blob {
  const bytes = typeof content === "number" ? randomBytes(content) : Buffer.from(content);
  return { bytes, digest: sha256(bytes), size: bytes.length };
}

// Uploads a blob with POST then PUT (monolithic); expects 201.
export async function pushBlob(client: Client, repo: string, blob: Blob): Promise<void> {
  const opened = await client(`/v2/${repo}/blobs/uploads/`, { method: "POST" });
  expect(opened.status).toBe(202);
  const location = new URL(opened.header("location") ?? "", "http://x");
  location.searchParams.set("digest", blob.digest);
  const done = await client(`${location.pathname}${location.search}`, {
    method: "PUT",
    headers: { "Content-Type": "application/octet-stream" },
    body: blob.bytes,
  });
  expect(done.status, done.body.toString()).toBe(201);
}

/** A manifest's bytes, digest and media type. */
export interface Pushable {
  readonly bytes: Buffer;
  readonly digest: string;
  readonly mediaType: string;
}

// Serialises a manifest object as pushed (compact JSON).
export function manifestOf(value: Record<string, unknown>, mediaType = MediaType.ociManifest as string): Pushable {
  const bytes = Buffer.from(JSON.stringify(value));
  return { bytes, digest: sha256(bytes), mediaType };
}

// A descriptor for a blob or manifest.
export function descriptorOf(
  mediaType: string,
  item: { digest: string; bytes: Buffer },
  extra: Record<string, unknown> = {},
) {
  return { mediaType, digest: item.digest, size: item.bytes.length, ...extra };
}

/** An image whose blobs have been pushed: config, one layer and its (not yet pushed) manifest. */
export interface PushedImage {
  readonly config: Blob;
  readonly layer: Blob;
  readonly manifest: Pushable;
}

// Pushes a config and a layer and builds an OCI image manifest for them (PUT it with putManifest).
export async function prepareImage(
  client: Client,
  repo: string,
  label: string,
  extra: Record<string, unknown> = {},
): Promise<PushedImage> {
  const config = blobOf(JSON.stringify({ architecture: "amd64", os: "linux", config: { Labels: { label } } }));
  const layer = blobOf(`layer of ${label}`);
  await pushBlob(client, repo, config);
  await pushBlob(client, repo, layer);
  const manifest = manifestOf({
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: descriptorOf(MediaType.ociConfig, config),
    layers: [descriptorOf(MediaType.ociLayerGzip, layer)],
    ...extra,
  });
  return { config, layer, manifest };
}

// PUTs a manifest under a tag or digest; expects 201 and the right Docker-Content-Digest.
export async function putManifest(client: Client, repo: string, reference: string, manifest: Pushable): Promise<void> {
  const reply = await client(`/v2/${repo}/manifests/${reference}`, {
    method: "PUT",
    headers: { "Content-Type": manifest.mediaType },
    body: manifest.bytes,
  });
  expect(reply.status, reply.body.toString()).toBe(201);
  expect(reply.header("docker-content-digest")).toBe(manifest.digest);
}
