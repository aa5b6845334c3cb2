import { describe, expect, it } from "vitest";
import { type Digest, digestOf } from "../../../grader/oci/digest.js";
import { MediaType } from "../../../grader/oci/media-types.js";
import { RegistryClient, referrersFallbackTag } from "../../../grader/registry/index.js";
import { reply, startFakeServer } from "./fake-server.js";

const subject = digestOf("subject manifest");
const sbom = {
  mediaType: MediaType.ociManifest,
  digest: digestOf("sbom"),
  size: 10,
  artifactType: "application/spdx+json",
};
const sig = {
  mediaType: MediaType.ociManifest,
  digest: digestOf("sig"),
  size: 11,
  artifactType: "application/vnd.sig",
};

function index(manifests: readonly object[]): string {
  return JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests });
}

describe("referrersFallbackTag", () => {
  it("is <alg>-<hex>", () => {
    expect(referrersFallbackTag(subject)).toBe(`sha256-${subject.slice(7)}`);
  });

  it("truncates a sha512 hex part to 64 characters", () => {
    const long = `sha512:${"ab".repeat(64)}` as Digest;
    expect(referrersFallbackTag(long)).toBe(`sha512-${"ab".repeat(32)}`);
  });
});

describe("referrers API", () => {
  it("follows Link pages and filters by artifact type when the registry did not", async () => {
    const registry = await startFakeServer((req, res) => {
      const headers = { "content-type": MediaType.ociIndex };
      if (req.url.includes("page=2")) return reply(res, 200, headers, index([sig]));
      reply(res, 200, { ...headers, link: `</v2/app/referrers/${subject}?page=2>; rel="next"` }, index([sbom]));
    });
    const client = new RegistryClient(registry.url);
    expect(await client.referrers("app", subject)).toEqual([sbom, sig]);
    expect(await client.referrers("app", subject, "application/vnd.sig")).toEqual([sig]);
    expect(registry.requests[2]?.url).toBe(`/v2/app/referrers/${subject}?artifactType=application%2Fvnd.sig`);
  });

  it("trusts the registry's filtering when it says OCI-Filters-Applied: artifactType", async () => {
    const registry = await startFakeServer((_req, res) =>
      reply(res, 200, { "content-type": MediaType.ociIndex, "oci-filters-applied": "artifactType" }, index([sbom])),
    );
    expect(await new RegistryClient(registry.url).referrers("app", subject, "other/type")).toEqual([sbom]);
  });
});

describe("referrers fallback tag", () => {
  it("reads the sha256-<hex> index when the API answers 404", async () => {
    const tag = referrersFallbackTag(subject);
    const registry = await startFakeServer((req, res) => {
      if (req.url === `/v2/app/manifests/${tag}`) {
        return reply(res, 200, { "content-type": MediaType.ociIndex }, index([sbom, sig]));
      }
      reply(res, 404, {}, "404 page not found");
    });
    const client = new RegistryClient(registry.url);
    expect(await client.referrers("app", subject)).toEqual([sbom, sig]);
    expect(await client.referrers("app", subject, "application/spdx+json")).toEqual([sbom]);
    expect(registry.requests.map((r) => r.url).slice(0, 2)).toEqual([
      `/v2/app/referrers/${subject}`,
      `/v2/app/manifests/${tag}`,
    ]);
  });

  it("gives [] when neither the API nor the fallback tag exists", async () => {
    const registry = await startFakeServer((_req, res) =>
      reply(res, 404, {}, '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}'),
    );
    expect(await new RegistryClient(registry.url).referrers("app", subject)).toEqual([]);
  });

  it("refuses a fallback tag that is not an index", async () => {
    const manifest = JSON.stringify({ schemaVersion: 2, config: sbom, layers: [] });
    const registry = await startFakeServer((req, res) =>
      req.url.includes("/manifests/")
        ? reply(res, 200, { "content-type": MediaType.ociManifest }, manifest)
        : reply(res, 404),
    );
    await expect(new RegistryClient(registry.url).referrers("app", subject)).rejects.toMatchObject({
      code: "REGISTRY_PROTOCOL",
    });
  });
});
