import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { MediaType } from "../../../grader/oci/media-types.js";
import { collectGarbage, startEmbeddedRegistry } from "../../../runner/registry/embedded/index.js";
import { assertRequirement, requireCommand, skipUnless } from "../../support/requirements.js";
import { DISTRIBUTION_BINARY, distributionRoot } from "./support/distribution-gc.js";
import { type Client, clientFor } from "./support/http.js";
import { blobOf, descriptorOf, manifestOf, prepareImage, pushBlob, putManifest } from "./support/oci.js";
import { tempDir } from "./support/server.js";

// The same pushes into the embedded registry and into distribution 2.8.2, the same garbage collections on both:
// the same objects must survive (lab 14's --delete-untagged trap included).

const ACCEPT = [MediaType.ociIndex, MediaType.ociManifest].join(", ");
const REPO = "parity/app";

async function seed(client: Client) {
  const amd = await prepareImage(client, REPO, "amd64");
  const arm = await prepareImage(client, REPO, "arm64");
  const dbg = await prepareImage(client, REPO, "debug");
  const orphan = blobOf("never referenced");
  await pushBlob(client, REPO, orphan);
  await putManifest(client, REPO, "v1", amd.manifest);
  await putManifest(client, REPO, arm.manifest.digest, arm.manifest);
  const index = manifestOf(
    {
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: [descriptorOf(MediaType.ociManifest, amd.manifest), descriptorOf(MediaType.ociManifest, arm.manifest)],
    },
    MediaType.ociIndex,
  );
  await putManifest(client, REPO, "latest", index);
  await putManifest(client, REPO, dbg.manifest.digest, dbg.manifest);
  const paths = [
    "manifests/latest",
    "manifests/v1",
    `manifests/${arm.manifest.digest}`,
    `manifests/${dbg.manifest.digest}`,
    ...[amd, arm, dbg].flatMap((image) => [`blobs/${image.config.digest}`, `blobs/${image.layer.digest}`]),
    `blobs/${orphan.digest}`,
  ];
  return paths.map((path) => `/v2/${REPO}/${path}`);
}

async function statuses(url: string, paths: readonly string[]): Promise<Record<string, number>> {
  const client = clientFor(url);
  const entries = await Promise.all(
    paths.map(
      async (path) => [path, (await client(path, { method: "HEAD", headers: { Accept: ACCEPT } })).status] as const,
    ),
  );
  return Object.fromEntries(entries);
}

const distributionReq = requireCommand(DISTRIBUTION_BINARY, ["--version"]);

describe.skipIf(skipUnless(distributionReq))(
  "garbage collection parity with distribution 2.8.2",
  { timeout: 120_000 },
  () => {
    beforeAll(() => assertRequirement(distributionReq));

    it("removes the same blobs and manifests, with and without --delete-untagged", async () => {
      await using dir = await tempDir();
      const embeddedRoot = join(dir.path, "embedded");
      const distribution = await distributionRoot(join(dir.path, "distribution"));

      const embedded = await startEmbeddedRegistry({ root: embeddedRoot });
      const paths = await seed(clientFor(embedded.url));
      await embedded.close();
      const served = await distribution.serve();
      await seed(clientFor(served.url));
      await served.stop();

      for (const deleteUntagged of [false, true]) {
        const report = await collectGarbage(embeddedRoot, { deleteUntagged });
        const removedByDistribution = await distribution.collect(deleteUntagged);
        expect([...report.blobsRemoved].sort(), `deleteUntagged=${deleteUntagged}`).toEqual(
          removedByDistribution.sort(),
        );
        const ours = await startEmbeddedRegistry({ root: embeddedRoot });
        const theirs = await distribution.serve();
        try {
          expect(await statuses(ours.url, paths), `deleteUntagged=${deleteUntagged}`).toEqual(
            await statuses(theirs.url, paths),
          );
        } finally {
          await ours.close();
          await theirs.stop();
        }
      }
    });
  },
);
