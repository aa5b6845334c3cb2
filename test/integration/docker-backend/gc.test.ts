import { beforeAll, describe, expect, it } from "vitest";
import { digestOf } from "../../../grader/oci/digest.js";
import { MediaType } from "../../../grader/oci/media-types.js";
import { LabsError } from "../../../runner/errors.js";
import { parseGcSummary } from "../../../runner/registry/docker/gc.js";
import {
  type DockerRegistryEndpoint,
  runRegistryGc,
  startDockerRegistry,
} from "../../../runner/registry/docker/index.js";
import { pushBlob, pushManifest } from "../../../runner/registry/probe-http.js";
import { removeHome, tempHome, useDockerTestHome } from "../../support/docker.js";
import { requireDocker, skipUnless } from "../../support/requirements.js";

const req = requireDocker();
const encode = (text: string) => new TextEncoder().encode(text);

describe("parseGcSummary", () => {
  it("reads distribution's summary line", () => {
    const output =
      "labs/a\n2 blobs marked, 3 blobs and 1 manifests eligible for deletion\nblob eligible for deletion: …\n";
    expect(parseGcSummary(output)).toMatchObject({ blobsMarked: 2, blobsEligible: 3, manifestsEligible: 1 });
  });

  it("rejects output without a summary", () => {
    expect(() => parseGcSummary("failed to garbage collect: boom")).toThrow(LabsError);
  });
});

describe.skipIf(skipUnless(req))("docker registry backend: garbage collection", { timeout: 120_000 }, () => {
  const test = useDockerTestHome(req);
  let registry: DockerRegistryEndpoint;

  beforeAll(async () => {
    registry = await startDockerRegistry({ home: test.home(), env: test.env() });
  });

  const headBlob = async (digest: string) =>
    (await fetch(`${registry.url}/v2/labs/gc/blobs/${digest}`, { method: "HEAD" })).status;

  it("deletes only blobs no manifest references, and a dry run deletes nothing", async () => {
    const repo = { base: registry.url, repository: "labs/gc" };
    const layer = await pushBlob(repo, encode("referenced layer\n"));
    const config = encode(
      JSON.stringify({ architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [] } }),
    );
    const configDigest = await pushBlob(repo, config);
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: { mediaType: MediaType.ociConfig, digest: configDigest, size: config.length },
      layers: [{ mediaType: MediaType.ociLayer, digest: layer, size: "referenced layer\n".length }],
    });
    await pushManifest(repo, "v1", manifest, MediaType.ociManifest);
    const orphan = await pushBlob(repo, encode("nobody references me\n"));
    expect(orphan).toBe(digestOf("nobody references me\n"));

    const dry = await runRegistryGc(test.home(), { deleteUntagged: false, dryRun: true });
    expect(dry.output).toContain(`blob eligible for deletion: ${orphan}`);
    expect(dry.output).not.toContain(`blob eligible for deletion: ${layer}`);
    expect(await headBlob(orphan)).toBe(200);

    const real = await runRegistryGc(test.home(), { deleteUntagged: false, dryRun: false });
    expect(real.blobsEligible).toBeGreaterThanOrEqual(1);
    expect(await headBlob(orphan)).toBe(404);
    expect(await headBlob(layer)).toBe(200);
    expect(await headBlob(configDigest)).toBe(200);
  });

  it("refuses to collect for a home whose registry is not running", async () => {
    const elsewhere = await tempHome();
    try {
      await expect(runRegistryGc(elsewhere, { deleteUntagged: false, dryRun: true })).rejects.toMatchObject({
        code: "NO_LAB_STARTED",
      });
    } finally {
      await removeHome(elsewhere);
    }
  });
});
