// Finds out what a running registry supports by trying it, in a scratch repository it then cleans up.

import { randomBytes } from "node:crypto";
import type { Digest } from "../../grader/oci/digest.js";
import { digestOf } from "../../grader/oci/digest.js";
import { baseMediaType, isSchema1MediaType, MediaType } from "../../grader/oci/media-types.js";
import type { Authenticator } from "../../grader/registry/auth.js";
import type { HttpCapabilities } from "./backend.js";
import { drain, pushBlob, pushManifest, type RepositoryUrl, send } from "./probe-http.js";

/** The scratch repository the probe writes to; listings shown to learners should leave it out. */
export const PROBE_REPOSITORY = "labs-probe/capabilities";

/** What the probe pushed: one Docker v2s2 image (config + one layer) under two tags. */
interface ProbeImage {
  readonly manifest: Digest;
  readonly blobs: readonly Digest[];
  readonly tags: readonly [string, string];
}

// Probes a registry at `url` (http://host:port) for real and removes what it pushed where the registry allows;
// `auth` answers its challenges (it needs push scope).
export async function probeCapabilities(url: string, auth?: Authenticator): Promise<HttpCapabilities> {
  const repo: RepositoryUrl = { base: url.replace(/\/+$/, ""), repository: PROBE_REPOSITORY, auth };
  const image = await pushProbeImage(repo);
  const tagPaging = await probeTagPaging(repo);
  const referrersApi = await probeReferrers(repo, image.manifest);
  const schema1Conversion = await probeSchema1(repo, image.tags[0]);
  const deleteByTag = await tryDelete(repo, `manifests/${image.tags[1]}`);
  const deleteManifest = await tryDelete(repo, `manifests/${image.manifest}`);
  if (!deleteManifest && deleteByTag) await tryDelete(repo, `manifests/${image.tags[0]}`);
  let deleteBlob = true;
  for (const blob of image.blobs) deleteBlob = (await tryDelete(repo, `blobs/${blob}`)) && deleteBlob;
  return { deleteByTag, deleteManifest, deleteBlob, referrersApi, tagPaging, schema1Conversion };
}

// Pushes a unique tiny image, so concurrent probes never delete each other's objects.
async function pushProbeImage(repo: RepositoryUrl): Promise<ProbeImage> {
  const nonce = randomBytes(8).toString("hex");
  const layer = new TextEncoder().encode(`labs capability probe ${nonce}\n`);
  const config = new TextEncoder().encode(
    JSON.stringify({
      architecture: "amd64",
      os: "linux",
      config: {},
      rootfs: { type: "layers", diff_ids: [digestOf(layer)] },
      history: [{ created_by: "labs capability probe" }],
    }),
  );
  const layerDigest = await pushBlob(repo, layer);
  const configDigest = await pushBlob(repo, config);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: MediaType.dockerManifest,
    config: { mediaType: MediaType.dockerConfig, digest: configDigest, size: config.length },
    layers: [{ mediaType: MediaType.dockerLayerGzip, digest: layerDigest, size: layer.length }],
  });
  const tags = [`probe-${nonce}-a`, `probe-${nonce}-b`] as const;
  const digest = await pushManifest(repo, tags[0], manifest, MediaType.dockerManifest);
  await pushManifest(repo, tags[1], manifest, MediaType.dockerManifest);
  return { manifest: digest, blobs: [layerDigest, configDigest], tags };
}

// Paging works when `?n=1` returns exactly one tag although the repository has at least two.
async function probeTagPaging(repo: RepositoryUrl): Promise<boolean> {
  const response = await send(repo, "GET", "tags/list?n=1");
  if (response.status !== 200) return drain(response).then(() => false);
  const body = (await response.json().catch(() => ({}))) as { tags?: unknown };
  return Array.isArray(body.tags) && body.tags.length === 1;
}

// The referrers API answers 200 with an image index, even when there are no referrers.
async function probeReferrers(repo: RepositoryUrl, subject: Digest): Promise<boolean> {
  const response = await send(repo, "GET", `referrers/${subject}`);
  if (response.status !== 200) return drain(response).then(() => false);
  const body = (await response.json().catch(() => ({}))) as { manifests?: unknown };
  return Array.isArray(body.manifests);
}

// Asking for schema 1 only: distribution 2.8 converts a v2s2 manifest on the fly, newer registries do not.
async function probeSchema1(repo: RepositoryUrl, tag: string): Promise<boolean> {
  const accept = `${MediaType.dockerManifestSchema1Signed}, ${MediaType.dockerManifestSchema1}`;
  const response = await send(repo, "GET", `manifests/${tag}`, { headers: { accept } });
  await drain(response);
  const contentType = baseMediaType(response.headers.get("content-type") ?? "");
  return response.status === 200 && isSchema1MediaType(contentType);
}

// A DELETE that the registry accepted (202).
async function tryDelete(repo: RepositoryUrl, path: string): Promise<boolean> {
  const response = await send(repo, "DELETE", path);
  await drain(response);
  return response.status === 202;
}
