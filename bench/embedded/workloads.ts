import { createHash } from "node:crypto";
import type { Agent } from "node:http";
import { createAgent, expectStatus } from "./http-client.js";

// The measured workloads. Each is bounded (fixed counts), talks only to 127.0.0.1, and checks every status so a
// fast wrong answer cannot pass for a fast right one.

const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const ACCEPT = [OCI_MANIFEST, "application/vnd.oci.image.index.v1+json"].join(", ");

// sha256 digest of bytes.
export function sha256(bytes: Buffer): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

function locationWithDigest(base: string, location: string, digest: string): string {
  const absolute = new URL(location, base).toString();
  return `${absolute}${absolute.includes("?") ? "&" : "?"}digest=${encodeURIComponent(digest)}`;
}

// Pushes a blob by POST then one PUT (monolithic, what most clients do); returns the elapsed milliseconds.
export async function pushBlob(
  agent: Agent,
  base: string,
  repo: string,
  blob: Buffer,
  digest: string,
): Promise<number> {
  const started = process.hrtime.bigint();
  const opened = await expectStatus(agent, { method: "POST", url: `${base}/v2/${repo}/blobs/uploads/` }, 202);
  const location = String(opened.headers.location);
  const headers = { "Content-Type": "application/octet-stream" };
  await expectStatus(
    agent,
    { method: "PUT", url: locationWithDigest(base, location, digest), headers, body: blob },
    201,
  );
  return Number(process.hrtime.bigint() - started) / 1e6;
}

// Pulls a blob, discarding the bytes; returns the elapsed milliseconds.
export async function pullBlob(
  agent: Agent,
  base: string,
  repo: string,
  digest: string,
  size: number,
): Promise<number> {
  const started = process.hrtime.bigint();
  const response = await expectStatus(
    agent,
    { method: "GET", url: `${base}/v2/${repo}/blobs/${digest}`, discard: true },
    200,
  );
  if (response.bytes !== size) throw new Error(`pulled ${response.bytes} bytes, expected ${size}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function runConcurrently(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    for (let i = next++; i < count; i = next++) await task(i);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return count / seconds;
}

/** The blobs every benchmark manifest references. */
export interface ManifestFixture {
  readonly manifests: readonly Buffer[];
}

// Pushes a config and a layer, and builds `count` distinct manifests referencing them.
export async function prepareManifests(base: string, repo: string, count: number): Promise<ManifestFixture> {
  const agent = createAgent(1);
  const config = Buffer.from('{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}');
  const layer = Buffer.from("benchmark layer bytes");
  for (const blob of [config, layer]) await pushBlob(agent, base, repo, blob, sha256(blob));
  agent.destroy();
  const manifests = Array.from({ length: count }, (_, i) =>
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: sha256(config), size: config.length },
        layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar", digest: sha256(layer), size: layer.length }],
        annotations: { "bench.index": String(i) },
      }),
    ),
  );
  return { manifests };
}

// PUTs every manifest under tag t<i> with `concurrency` clients; returns requests per second.
export async function putManifests(
  base: string,
  repo: string,
  fixture: ManifestFixture,
  concurrency: number,
): Promise<number> {
  const agent = createAgent(concurrency);
  const headers = { "Content-Type": OCI_MANIFEST };
  const rate = await runConcurrently(fixture.manifests.length, concurrency, async (i) => {
    const body = fixture.manifests[i] as Buffer;
    await expectStatus(agent, { method: "PUT", url: `${base}/v2/${repo}/manifests/t${i}`, headers, body }, 201);
  });
  agent.destroy();
  return rate;
}

// GETs manifests by tag, cycling through `tags` tags, with `concurrency` clients; returns requests per second.
export async function getManifests(
  base: string,
  repo: string,
  tags: number,
  count: number,
  concurrency: number,
): Promise<number> {
  const agent = createAgent(concurrency);
  const rate = await runConcurrently(count, concurrency, async (i) => {
    const url = `${base}/v2/${repo}/manifests/t${i % tags}`;
    await expectStatus(agent, { method: "GET", url, headers: { Accept: ACCEPT }, discard: true }, 200);
  });
  agent.destroy();
  return rate;
}
