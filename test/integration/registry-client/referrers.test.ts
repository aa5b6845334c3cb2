import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MediaType } from "../../../grader/oci/media-types.js";
import { RegistryClient, referrersFallbackTag } from "../../../grader/registry/index.js";
import { RegistryWriter } from "../../../runner/registry-client/index.js";
import { DISTRIBUTION_BINARY, type RunningDistribution, startDistribution } from "../../support/distribution.js";
import { assertRequirement, requireCommand, skipUnless } from "../../support/requirements.js";
import { emptyJson, makeArtifact, makeBlob, makeImageParts, makeManifest, toPushItems } from "./fixtures.js";

const req = requireCommand(DISTRIBUTION_BINARY, ["--version"]);

describe.skipIf(skipUnless(req))("referrers on distribution 2.8 (no referrers API)", { timeout: 120_000 }, () => {
  let registry: RunningDistribution;

  beforeAll(async () => {
    assertRequirement(req);
    registry = await startDistribution();
  });
  afterAll(() => registry?.stop());

  it("reads referrers from the sha256-<hex> fallback index after the API's 404", async () => {
    const writer = new RegistryWriter(registry.url);
    const client = new RegistryClient(registry.url);
    const repo = "signed/app";
    const parts = makeImageParts("oci");
    const subject = makeManifest("oci", parts);
    await writer.pushAll(repo, toPushItems(parts, subject, "v1"));
    expect(await client.referrers(repo, subject.digest)).toEqual([]);

    const sbomPayload = makeBlob('{"spdxVersion":"SPDX-2.3"}', "application/spdx+json");
    const sbom = makeArtifact(subject, "application/spdx+json", sbomPayload);
    const sigPayload = makeBlob("signature", "application/vnd.example.sig");
    const sig = makeArtifact(subject, "application/vnd.example.sig", sigPayload);
    const entry = (m: typeof sbom, artifactType: string) => ({
      mediaType: m.mediaType,
      digest: m.digest,
      size: m.size,
      artifactType,
      annotations: { "org.example.kind": artifactType },
    });
    const entries = [entry(sbom, "application/spdx+json"), entry(sig, "application/vnd.example.sig")];
    const fallback = makeBlob(
      JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: entries }),
      MediaType.ociIndex,
    );
    await writer.pushAll(repo, [
      { kind: "blob", ...emptyJson },
      { kind: "blob", ...sbomPayload },
      { kind: "blob", ...sigPayload },
      { kind: "manifest", ...sbom },
      { kind: "manifest", ...sig },
      { kind: "manifest", ...fallback, tag: referrersFallbackTag(subject.digest) },
    ]);

    const api = await fetch(`${registry.url}/v2/${repo}/referrers/${subject.digest}`);
    expect(api.status).toBe(404);
    expect(await client.referrers(repo, subject.digest)).toEqual(entries);
    expect(await client.referrers(repo, subject.digest, "application/vnd.example.sig")).toEqual([entries[1]]);
    expect(await client.referrers(repo, subject.digest, "application/unknown")).toEqual([]);
    expect(await client.referrers(repo, sbom.digest)).toEqual([]);
  });
});
