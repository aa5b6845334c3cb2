import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { digestHex } from "../../../grader/oci/digest.js";
import { walkGraph } from "../../../grader/oci/walk.js";
import { RegistryClient } from "../../../grader/registry/client.js";
import { pushAll } from "../../../runner/registry-client/push-all.js";
import { RegistryWriter } from "../../../runner/registry-client/writer.js";
import { buildArtifact } from "../../../runner/seed/artifact.js";
import { attestationEntry, buildAttestation } from "../../../runner/seed/attestation.js";
import { makeBlob, toDescriptor } from "../../../runner/seed/blob.js";
import { type Built, pushPlan } from "../../../runner/seed/built.js";
import { buildImage } from "../../../runner/seed/image.js";
import { buildIndex, imageEntry } from "../../../runner/seed/index-builder.js";
import { pushItems } from "../../../runner/seeding/push-items.js";
import { ALL_REGISTRIES, type TestRegistry } from "../../support/registries.js";
import { assertRequirement, skipUnless } from "../../support/requirements.js";

const files = (text: string) => [{ files: [{ type: "file" as const, path: "app/version", content: text }] }];
const ociAmd64 = buildImage({
  flavour: "oci",
  platform: { os: "linux", architecture: "amd64" },
  layers: files("amd64\n"),
});
const ociArm64 = buildImage({
  flavour: "oci",
  platform: { os: "linux", architecture: "arm64", variant: "v8" },
  layers: files("arm64\n"),
});
const dockerAmd64 = buildImage({
  flavour: "docker",
  platform: { os: "linux", architecture: "amd64" },
  layers: files("docker\n"),
  json: { indent: 3 },
});
const attestation = buildAttestation({ image: ociAmd64.manifest });
const ociIndex = buildIndex({
  flavour: "oci",
  entries: [imageEntry(ociAmd64), imageEntry(ociArm64), attestationEntry(attestation)],
});
const dockerList = buildIndex({
  flavour: "docker",
  entries: [imageEntry(dockerAmd64)],
  json: { indent: 3, trailingNewline: true },
});
const sbom = buildArtifact({
  artifactType: "application/spdx+json",
  layers: [{ blob: makeBlob("application/spdx+json", '{"spdxVersion":"SPDX-2.3"}') }],
  subject: toDescriptor(ociIndex.manifest),
});

const OBJECTS: readonly [string, Built][] = [
  ["oci-image", ociAmd64],
  ["docker-image", dockerAmd64],
  ["oci-index", ociIndex],
  ["docker-list", dockerList],
  ["artifact", sbom],
];

describe.each(ALL_REGISTRIES)("every object the builder makes round-trips through $name", (kind) => {
  let registry: TestRegistry;
  let reader: RegistryClient;
  beforeAll(async () => {
    assertRequirement(kind.requirement);
    registry = await kind.start();
    reader = new RegistryClient(registry.url);
    const writer = new RegistryWriter(registry.url);
    await pushAll(writer, "roundtrip/app", pushItems(ociIndex, "index"));
    for (const [tag, built] of OBJECTS) await pushAll(writer, "roundtrip/app", pushItems(built, tag));
  }, 120_000);
  afterAll(async () => {
    await registry?.[Symbol.asyncDispose]();
  });

  it.skipIf(skipUnless(kind.requirement)).each(OBJECTS)(
    "%s reads back byte for byte, by tag and by digest",
    async (tag, built) => {
      const byTag = await reader.manifest("roundtrip/app", tag);
      const byDigest = await reader.manifest("roundtrip/app", built.manifest.digest);
      expect(byTag.digest).toBe(built.manifest.digest);
      expect(byTag.mediaType).toBe(built.manifest.mediaType);
      expect(Buffer.from(byDigest.raw).equals(Buffer.from(built.manifest.bytes))).toBe(true);
    },
  );

  it.skipIf(skipUnless(kind.requirement)).each(OBJECTS)(
    "%s has a complete, verified graph in its repository",
    async (tag, built) => {
      const graph = await walkGraph(reader, "roundtrip/app", tag, { verifyBlobs: true });
      expect(graph.problems).toEqual([]);
      expect(new Set(graph.nodes.keys())).toEqual(
        new Set([...pushPlan(built).blobs, ...pushPlan(built).manifests].map((b) => b.digest)),
      );
    },
  );

  it.skipIf(skipUnless(kind.requirement))("lists every tag, in order", async () => {
    expect(await reader.tags("roundtrip/app")).toEqual([
      "artifact",
      "docker-image",
      "docker-list",
      "index",
      "oci-image",
      "oci-index",
    ]);
  });

  it.skipIf(skipUnless(kind.requirement))(
    "finds the artifact as a referrer of the index (API or fallback tag)",
    async () => {
      const viaApi = await reader.referrers("roundtrip/app", ociIndex.manifest.digest);
      if (viaApi.length === 0) {
        // No referrers API: maintain the fallback tag as a client must (distribution-spec, "Referrers Tag Schema").
        const fallback = buildIndex({
          flavour: "oci",
          entries: [{ manifest: sbom, artifactType: "application/spdx+json" }],
        });
        await pushAll(
          new RegistryWriter(registry.url),
          "roundtrip/app",
          pushItems(fallback, `sha256-${digestHex(ociIndex.manifest.digest)}`),
        );
      }
      const found = await reader.referrers("roundtrip/app", ociIndex.manifest.digest, "application/spdx+json");
      expect(found.map((d) => d.digest)).toEqual([sbom.manifest.digest]);
      expect(await reader.referrers("roundtrip/app", ociIndex.manifest.digest, "application/other")).toEqual([]);
    },
  );
});
