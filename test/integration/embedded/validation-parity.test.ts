import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { MediaType } from "../../../grader/oci/media-types.js";
import { startEmbeddedRegistry } from "../../../runner/registry/embedded/index.js";
import { assertRequirement, requireCommand, skipUnless } from "../../support/requirements.js";
import { DISTRIBUTION_BINARY, distributionRoot } from "./support/distribution-gc.js";
import { type Client, clientFor } from "./support/http.js";
import { type Blob, blobOf, descriptorOf, pushBlob, sha256 } from "./support/oci.js";
import { tempDir } from "./support/server.js";

// Manifest PUTs that distribution 2.8.2 accepts or refuses must get the same status and error codes here
// (the documented differences — 413 for size, 500s, delete by tag — are not in this table).

interface Fixture {
  readonly config: Blob;
  readonly layer: Blob;
}

interface Case {
  readonly name: string;
  /** A documented difference: what each registry answers instead of answering alike. */
  readonly differs?: { readonly distribution: string; readonly embedded: string };
  readonly contentType?: string;
  readonly reference?: (body: Buffer) => string;
  readonly body: (f: Fixture) => unknown;
}

const manifest = (f: Fixture, extra: Record<string, unknown> = {}) => ({
  schemaVersion: 2,
  mediaType: MediaType.ociManifest,
  config: descriptorOf(MediaType.ociConfig, f.config),
  layers: [descriptorOf(MediaType.ociLayerGzip, f.layer)],
  ...extra,
});
const missing = sha256("not pushed");

const CASES: readonly Case[] = [
  { name: "a valid OCI manifest", body: (f) => manifest(f) },
  { name: "an OCI manifest without mediaType", body: (f) => ({ ...manifest(f), mediaType: undefined }) },
  { name: "unknown fields", body: (f) => manifest(f, { newUnspecifiedField: { a: [1] } }) },
  {
    name: "a size and media type that lie",
    body: (f) => manifest(f, { layers: [{ ...descriptorOf("text/plain", f.layer), size: 3 }] }),
  },
  {
    name: "a missing subject",
    body: (f) => manifest(f, { subject: { mediaType: MediaType.ociManifest, digest: missing, size: 1 } }),
  },
  {
    name: "a pushed layer that also lists urls",
    body: (f) =>
      manifest(f, { layers: [descriptorOf(MediaType.ociLayerGzip, f.layer, { urls: ["https://example.com/x"] })] }),
    differs: { distribution: "500 UNKNOWN,UNKNOWN,MANIFEST_BLOB_UNKNOWN", embedded: "400 MANIFEST_BLOB_UNKNOWN" },
  },
  {
    name: "a Docker foreign layer",
    contentType: MediaType.dockerManifest,
    body: (f) => ({
      schemaVersion: 2,
      mediaType: MediaType.dockerManifest,
      config: descriptorOf(MediaType.dockerConfig, f.config),
      layers: [
        { mediaType: MediaType.dockerLayerForeignGzip, digest: missing, size: 1, urls: ["https://example.com/x"] },
      ],
    }),
    differs: { distribution: "500 UNKNOWN,UNKNOWN,MANIFEST_BLOB_UNKNOWN", embedded: "400 MANIFEST_BLOB_UNKNOWN" },
  },
  {
    name: "schemaVersion 1",
    body: (f) => manifest(f, { schemaVersion: 1 }),
    differs: { distribution: "500 UNKNOWN", embedded: "400 MANIFEST_INVALID" },
  },
  {
    name: "a missing layer",
    body: (f) => manifest(f, { layers: [{ mediaType: MediaType.ociLayerGzip, digest: missing, size: 1 }] }),
  },
  {
    name: "a missing config and layer",
    body: (f) => ({
      ...manifest(f, { layers: [{ mediaType: MediaType.ociLayerGzip, digest: missing, size: 1 }] }),
      config: { mediaType: MediaType.ociConfig, digest: sha256("no config"), size: 2 },
    }),
  },
  {
    name: "a mediaType that contradicts Content-Type",
    body: (f) => manifest(f, { mediaType: MediaType.dockerManifest }),
  },
  { name: "an OCI manifest with manifests", body: (f) => manifest(f, { manifests: [] }) },
  {
    name: "a size that is a string",
    body: (f) => manifest(f, { layers: [{ ...descriptorOf(MediaType.ociLayerGzip, f.layer), size: "7" }] }),
  },
  { name: "invalid JSON", body: () => "{not json" },
  { name: "a digest in the URL that does not match", reference: () => sha256("other"), body: (f) => manifest(f) },
  {
    name: "a Docker manifest without mediaType",
    contentType: MediaType.dockerManifest,
    body: (f) => ({ ...manifest(f), mediaType: undefined }),
  },
  {
    name: "a Docker manifest",
    contentType: MediaType.dockerManifest,
    body: (f) => ({
      schemaVersion: 2,
      mediaType: MediaType.dockerManifest,
      config: descriptorOf(MediaType.dockerConfig, f.config),
      layers: [descriptorOf(MediaType.dockerLayerGzip, f.layer)],
    }),
  },
  {
    name: "an index with a missing child",
    contentType: MediaType.ociIndex,
    body: () => ({
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: [{ mediaType: MediaType.ociManifest, digest: missing, size: 9 }],
    }),
  },
  {
    name: "an index with layers",
    contentType: MediaType.ociIndex,
    body: (f) => ({
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: [],
      layers: [descriptorOf(MediaType.ociLayerGzip, f.layer)],
    }),
  },
  {
    name: "a Docker list without mediaType",
    contentType: MediaType.dockerManifestList,
    body: () => ({ schemaVersion: 2, manifests: [] }),
  },
  {
    name: "an empty OCI index",
    contentType: MediaType.ociIndex,
    body: () => ({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] }),
  },
];

async function outcomes(client: Client, fixture: Fixture): Promise<Record<string, string>> {
  const results: Record<string, string> = {};
  for (const [i, c] of CASES.entries()) {
    const value = c.body(fixture);
    const body = Buffer.from(typeof value === "string" ? value : JSON.stringify(value));
    const reference = c.reference?.(body) ?? `case${i}`;
    const reply = await client(`/v2/parity/validation/manifests/${reference}`, {
      method: "PUT",
      headers: { "Content-Type": c.contentType ?? MediaType.ociManifest },
      body,
    });
    results[c.name] = `${reply.status} ${reply.codes.join(",")}`.trim();
  }
  return results;
}

async function pushFixture(client: Client, fixture: Fixture): Promise<void> {
  await pushBlob(client, "parity/validation", fixture.config);
  await pushBlob(client, "parity/validation", fixture.layer);
}

const distributionReq = requireCommand(DISTRIBUTION_BINARY, ["--version"]);

describe.skipIf(skipUnless(distributionReq))(
  "manifest validation parity with distribution 2.8.2",
  { timeout: 120_000 },
  () => {
    beforeAll(() => assertRequirement(distributionReq));

    it("answers every case with the same status and error codes", async () => {
      await using dir = await tempDir();
      const fixture = { config: blobOf('{"architecture":"amd64","os":"linux"}'), layer: blobOf("parity layer") };
      await using embedded = await startEmbeddedRegistry({ root: join(dir.path, "embedded") });
      await pushFixture(clientFor(embedded.url), fixture);
      const ours = await outcomes(clientFor(embedded.url), fixture);
      const distribution = await (await distributionRoot(join(dir.path, "distribution"))).serve();
      try {
        await pushFixture(clientFor(distribution.url), fixture);
        const theirs = await outcomes(clientFor(distribution.url), fixture);
        for (const c of CASES.filter((c) => c.differs)) {
          expect([theirs[c.name], ours[c.name]], c.name).toEqual([c.differs?.distribution, c.differs?.embedded]);
          delete theirs[c.name];
          delete ours[c.name];
        }
        expect(ours).toEqual(theirs);
      } finally {
        await distribution.stop();
      }
      expect(ours["a valid OCI manifest"]).toBe("201");
      expect(ours["a missing layer"]).toBe("400 MANIFEST_BLOB_UNKNOWN");
    });
  },
);
