import { describe, expect, it } from "vitest";
import { MediaType } from "../../../grader/oci/media-types.js";
import { blobOf, descriptorOf, manifestOf, prepareImage, pushBlob, putManifest, sha256 } from "./support/oci.js";
import { startTempRegistry } from "./support/server.js";

// Content discovery: /v2/, the catalog, tag lists (byte order, n, last, Link) and the referrers API.

// The URL inside `<…>; rel="next"`.
function linkTarget(link: string | undefined): string {
  const match = /^<([^>]+)>; rel="next"$/.exec(link ?? "");
  if (!match?.[1]) throw new Error(`not a next link: ${link}`);
  return match[1];
}

describe("base and catalog", { timeout: 30_000 }, () => {
  it("answers GET and HEAD /v2/ with 200 and the API version header", async () => {
    await using reg = await startTempRegistry();
    const reply = await reg.client("/v2/");
    expect([reply.status, reply.body.toString()]).toEqual([200, "{}"]);
    expect(reply.header("docker-distribution-api-version")).toBe("registry/2.0");
    expect((await reg.client("/v2/", { method: "HEAD" })).status).toBe(200);
    const wrong = await reg.client("/v2/", { method: "POST" });
    expect([wrong.status, wrong.codes]).toEqual([405, ["UNSUPPORTED"]]);
  });

  it("lists repositories in byte order with n, last and Link", async () => {
    await using reg = await startTempRegistry();
    for (const name of ["b/two", "a", "b/one", "c0"]) await pushBlob(reg.client, name, blobOf(name));
    expect((await reg.client("/v2/_catalog")).json()).toEqual({ repositories: ["a", "b/one", "b/two", "c0"] });
    const first = await reg.client("/v2/_catalog?n=2");
    expect(first.json()).toEqual({ repositories: ["a", "b/one"] });
    expect(first.header("link")).toBe('</v2/_catalog?n=2&last=b%2Fone>; rel="next"');
    const rest = await reg.client("/v2/_catalog?n=2&last=b%2Fone");
    expect(rest.json()).toEqual({ repositories: ["b/two", "c0"] });
    expect(rest.header("link")).toBeUndefined();
  });
});

describe("tag list", { timeout: 30_000 }, () => {
  it("lists tags in byte order, pages with n/last and links to the next page", async () => {
    await using reg = await startTempRegistry();
    const image = await prepareImage(reg.client, "t/app", "tags");
    const tags = ["v2", "V1", "latest", "1.0", "_old", "v10"];
    for (const tag of tags) await putManifest(reg.client, "t/app", tag, image.manifest);
    const all = await reg.client("/v2/t/app/tags/list");
    expect(all.json()).toEqual({ name: "t/app", tags: ["1.0", "V1", "_old", "latest", "v10", "v2"] });
    expect(all.header("link")).toBeUndefined();
    const page = await reg.client("/v2/t/app/tags/list?n=2&last=V1");
    expect(page.json()).toEqual({ name: "t/app", tags: ["_old", "latest"] });
    expect(page.header("link")).toBe('</v2/t/app/tags/list?n=2&last=latest>; rel="next"');
    const next = await reg.client(linkTarget(page.header("link")));
    expect(next.json()).toEqual({ name: "t/app", tags: ["v10", "v2"] });
    expect((await reg.client("/v2/t/app/tags/list?n=0")).json()).toEqual({ name: "t/app", tags: [] });
  });

  it("is NAME_UNKNOWN for an unknown repository, an empty list for one without tags, 400 for a bad n", async () => {
    await using reg = await startTempRegistry();
    const unknown = await reg.client("/v2/t/none/tags/list");
    expect([unknown.status, unknown.codes]).toEqual([404, ["NAME_UNKNOWN"]]);
    await pushBlob(reg.client, "t/blobs-only", blobOf("x"));
    expect((await reg.client("/v2/t/blobs-only/tags/list")).json()).toEqual({ name: "t/blobs-only", tags: [] });
    const bad = await reg.client("/v2/t/blobs-only/tags/list?n=-1");
    expect([bad.status, bad.codes]).toEqual([400, ["PAGINATION_NUMBER_INVALID"]]);
  });
});

describe("referrers", { timeout: 30_000 }, () => {
  async function pushArtifact(
    client: Parameters<typeof pushBlob>[0],
    repo: string,
    subject: { digest: string; bytes: Buffer },
    artifactType: string | undefined,
    note: string,
  ) {
    const config = blobOf(`{"note":"${note}"}`);
    await pushBlob(client, repo, config);
    const manifest = manifestOf({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      ...(artifactType ? { artifactType } : {}),
      config: descriptorOf(artifactType ? MediaType.ociEmpty : "application/vnd.example.config.v1+json", config),
      layers: [],
      subject: descriptorOf(MediaType.ociManifest, subject),
      annotations: { "org.example.note": note },
    });
    await putManifest(client, repo, manifest.digest, manifest);
    return manifest;
  }

  it("lists referrers with artifactType and annotations, filters, and pages", async () => {
    await using reg = await startTempRegistry();
    const image = await prepareImage(reg.client, "r/app", "subject");
    await putManifest(reg.client, "r/app", "v1", image.manifest);
    const sig = await pushArtifact(reg.client, "r/app", image.manifest, "application/vnd.example.sig", "sig");
    const sbom = await pushArtifact(reg.client, "r/app", image.manifest, "application/vnd.example.sbom", "sbom");
    const plain = await pushArtifact(reg.client, "r/app", image.manifest, undefined, "config-typed");
    const reply = await reg.client(`/v2/r/app/referrers/${image.manifest.digest}`);
    expect(reply.status).toBe(200);
    expect(reply.header("content-type")).toBe(MediaType.ociIndex);
    expect(reply.header("oci-filters-applied")).toBeUndefined();
    const index = reply.json<{ schemaVersion: number; mediaType: string; manifests: Record<string, unknown>[] }>();
    expect(index.schemaVersion).toBe(2);
    expect(index.mediaType).toBe(MediaType.ociIndex);
    const byDigest = new Map(index.manifests.map((m) => [m.digest, m]));
    expect(byDigest.get(sig.digest)).toEqual({
      mediaType: MediaType.ociManifest,
      digest: sig.digest,
      size: sig.bytes.length,
      artifactType: "application/vnd.example.sig",
      annotations: { "org.example.note": "sig" },
    });
    expect(byDigest.get(plain.digest)?.artifactType).toBe("application/vnd.example.config.v1+json");
    expect(index.manifests.map((m) => m.digest)).toEqual([sig.digest, sbom.digest, plain.digest].sort());

    const filtered = await reg.client(
      `/v2/r/app/referrers/${image.manifest.digest}?artifactType=application/vnd.example.sbom`,
    );
    expect(filtered.header("oci-filters-applied")).toBe("artifactType");
    expect(filtered.json<{ manifests: { digest: string }[] }>().manifests.map((m) => m.digest)).toEqual([sbom.digest]);

    const page = await reg.client(`/v2/r/app/referrers/${image.manifest.digest}?n=2`);
    expect(page.json<{ manifests: unknown[] }>().manifests).toHaveLength(2);
    const link = page.header("link") ?? "";
    expect(link).toMatch(
      /^<\/v2\/r\/app\/referrers\/sha256:[0-9a-f]{64}\?n=2&last=sha256%3A[0-9a-f]{64}>; rel="next"$/,
    );
    const rest = await reg.client(linkTarget(link));
    expect(rest.json<{ manifests: unknown[] }>().manifests).toHaveLength(1);
  });

  it("answers 200 with no manifests for an unknown subject or repository, and 400 for a bad digest", async () => {
    await using reg = await startTempRegistry();
    const empty = await reg.client(`/v2/r/none/referrers/${sha256("nothing")}`);
    expect(empty.status).toBe(200);
    expect(empty.json()).toEqual({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] });
    const bad = await reg.client("/v2/r/none/referrers/sha256:nothex");
    expect([bad.status, bad.codes]).toEqual([400, ["DIGEST_INVALID"]]);
  });

  it("forgets a referrer once it is deleted", async () => {
    await using reg = await startTempRegistry();
    const image = await prepareImage(reg.client, "r/del", "subject");
    const sig = await pushArtifact(reg.client, "r/del", image.manifest, "application/vnd.example.sig", "sig");
    expect((await reg.client(`/v2/r/del/manifests/${sig.digest}`, { method: "DELETE" })).status).toBe(202);
    const reply = await reg.client(`/v2/r/del/referrers/${image.manifest.digest}`);
    expect(reply.json<{ manifests: unknown[] }>().manifests).toEqual([]);
  });
});
