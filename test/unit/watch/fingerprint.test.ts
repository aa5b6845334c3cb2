import { describe, expect, it } from "vitest";
import type { Digest } from "../../../grader/oci/digest.js";
import type { ProbeSource } from "../../../runner/watch/fingerprint.js";
import { hasChanged } from "../../../runner/watch/poller.js";
import { recordingSource } from "../../../runner/watch/recording-source.js";
import { createMemorySource, type MemorySource } from "../../support/memory-source.js";

const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

// An image in `repository`: a config and one layer, optionally tagged.
function pushImage(source: MemorySource, repository: string, label: string, tag?: string) {
  const config = source.putBlob(repository, JSON.stringify({ architecture: "amd64", os: "linux", label }));
  const layer = source.putBlob(repository, `layer of ${label}`);
  return source.putManifest(
    repository,
    {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: "application/vnd.oci.image.config.v1+json", ...config },
      layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar", ...layer }],
    },
    tag ? { tag } : {},
  );
}

// The memory source as the poller sees a registry: HEAD reports the digest, as distribution does.
function probing(source: MemorySource): ProbeSource {
  return {
    manifest: (repository, reference) => source.manifest(repository, reference),
    blobExists: (repository, digest) => source.blobExists(repository, digest),
    tags: (repository) => source.tags(repository),
    referrers: (repository, subject, type) => source.referrers(repository, subject, type),
    async headManifest(repository, reference) {
      if (!(await source.manifestExists(repository, reference))) return undefined;
      return { reportedDigest: (await source.manifest(repository, reference)).digest };
    },
  };
}

// What a grading run sees: the tag read, its graph walked (config and layer), a tag that does not exist yet.
async function gradeLike(source: MemorySource) {
  const recording = recordingSource(source);
  const app = await recording.manifest("lab09/src/app", "v1");
  if (app.value.kind !== "manifest") throw new Error("expected an image manifest");
  await recording.blob("lab09/src/app", app.value.config);
  for (const layer of app.value.layers) await recording.blob("lab09/src/app", layer);
  await recording.manifest("lab09/mirror/app", "v1").catch(() => undefined);
  return recording.observations();
}

describe("the watch fingerprint", () => {
  it("sees no change when nothing changed, and re-reads no graph to find that out", async () => {
    const source = createMemorySource();
    pushImage(source, "lab09/src/app", "one", "v1");
    const observations = await gradeLike(source);
    const blobReads = source.count("blob") + source.count("blobStream");
    expect(await hasChanged(probing(source), observations)).toBe(false);
    expect(source.count("blob") + source.count("blobStream")).toBe(blobReads);
  });

  it("records tags with their digest and content by digest not at all", async () => {
    const source = createMemorySource();
    const image = pushImage(source, "lab09/src/app", "one", "v1");
    const values = (await gradeLike(source)).map((o) => o.value);
    expect(values).toEqual([image.digest, "absent"]);
  });

  it("sees a tag that moved", async () => {
    const source = createMemorySource();
    pushImage(source, "lab09/src/app", "one", "v1");
    const observations = await gradeLike(source);
    const other = pushImage(source, "lab09/src/app", "two");
    source.tag("lab09/src/app", "v1", other.digest);
    expect(await hasChanged(probing(source), observations)).toBe(true);
  });

  it("sees a tag that appeared", async () => {
    const source = createMemorySource();
    const image = pushImage(source, "lab09/src/app", "one", "v1");
    const observations = await gradeLike(source);
    pushImage(source, "lab09/mirror/app", "one");
    source.tag("lab09/mirror/app", "v1", image.digest);
    expect(await hasChanged(probing(source), observations)).toBe(true);
  });

  it("sees a missing blob pushed, though no tag moved", async () => {
    const source = createMemorySource();
    const recording = recordingSource(source);
    const missing = { digest: "sha256:a".padEnd(71, "0") as Digest, size: 3 };
    await expect(recording.blob("lab13/mirror/db", missing)).rejects.toThrow();
    expect(await recording.blobExists("lab13/mirror/db", missing.digest)).toBe(false);
    const observations = recording.observations();
    expect(observations).toHaveLength(1);
    expect(await hasChanged(probing(source), observations)).toBe(false);
    source.corrupt("lab13/mirror/db", missing.digest, "abc");
    expect(await hasChanged(probing(source), observations)).toBe(true);
  });

  it("sees a tag list that changed", async () => {
    const source = createMemorySource();
    pushImage(source, "lab02/app", "one", "v1");
    const recording = recordingSource(source);
    expect(await recording.tags("lab02/app")).toEqual(["v1"]);
    const observations = recording.observations();
    expect(await hasChanged(probing(source), observations)).toBe(false);
    pushImage(source, "lab02/app", "two", "v2");
    expect(await hasChanged(probing(source), observations)).toBe(true);
  });

  it("never reports a change when grading read nothing that can change", async () => {
    expect(await hasChanged(probing(createMemorySource()), [])).toBe(false);
  });
});
