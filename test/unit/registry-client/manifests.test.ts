import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { digestOf } from "../../../grader/oci/digest.js";
import { LimitExceededError } from "../../../grader/oci/limits.js";
import { MediaType } from "../../../grader/oci/media-types.js";
import { ContentMismatchError, MANIFEST_MAX_BYTES, RegistryClient } from "../../../grader/registry/index.js";
import { reply, startFakeServer } from "./fake-server.js";

const manifestBytes = JSON.stringify({
  schemaVersion: 2,
  mediaType: MediaType.ociManifest,
  config: { mediaType: MediaType.ociConfig, digest: digestOf("{}"), size: 2 },
  layers: [],
});
// Waits until the response can take more data or the client went away.
function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done).off("close", done);
      resolve();
    };
    res.on("drain", done).on("close", done);
  });
}

const manifestDigest = digestOf(manifestBytes);
const otherDigest = digestOf("something else");

describe("manifest digests", () => {
  it("ignores a lying Docker-Content-Digest and computes the digest over the bytes", async () => {
    const registry = await startFakeServer((_req, res) =>
      reply(res, 200, { "content-type": MediaType.ociManifest, "docker-content-digest": otherDigest }, manifestBytes),
    );
    const client = new RegistryClient(registry.url);
    const { manifest, reportedDigest } = await client.manifestResponse("app", "v1");
    expect(manifest.digest).toBe(manifestDigest);
    expect(Buffer.from(manifest.raw).toString()).toBe(manifestBytes);
    expect(reportedDigest).toBe(otherDigest);
    expect(manifest.value.kind).toBe("manifest");
  });

  it("rejects bytes that do not hash to the digest asked for, even when the header agrees", async () => {
    const registry = await startFakeServer((_req, res) =>
      reply(res, 200, { "content-type": MediaType.ociManifest, "docker-content-digest": otherDigest }, manifestBytes),
    );
    const error = await new RegistryClient(registry.url).manifest("app", otherDigest).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentMismatchError);
    expect(error).toMatchObject({ field: "digest", expected: otherDigest, actual: manifestDigest });
  });

  it("accepts the right bytes by digest", async () => {
    const registry = await startFakeServer((_req, res) =>
      reply(res, 200, { "content-type": MediaType.ociManifest }, manifestBytes),
    );
    const fetched = await new RegistryClient(registry.url).manifest("app", manifestDigest);
    expect(fetched.digest).toBe(manifestDigest);
    expect(registry.requests[0]?.url).toBe(`/v2/app/manifests/${manifestDigest}`);
  });
});

describe("manifest size cap", () => {
  it("refuses a manifest over 4 MiB while streaming, with no Content-Length, and stops reading", async () => {
    const total = 64 * 1024 * 1024;
    let written = 0;
    const registry = await startFakeServer(async (_req, res) => {
      res.writeHead(200, { "content-type": MediaType.ociManifest });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      while (written < total && !res.destroyed) {
        written += chunk.length;
        if (!res.write(chunk)) await drainOrClose(res);
      }
      res.end();
    });
    const error = await new RegistryClient(registry.url).manifest("app", "big").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimitExceededError);
    expect(written).toBeGreaterThan(MANIFEST_MAX_BYTES);
    expect(written).toBeLessThan(total);
  });

  it("refuses a declared Content-Length over 4 MiB before reading the body", async () => {
    const registry = await startFakeServer((_req, res) => {
      res.writeHead(200, { "content-type": MediaType.ociManifest, "content-length": String(MANIFEST_MAX_BYTES + 1) });
      res.write("{");
    });
    await expect(new RegistryClient(registry.url).manifest("app", "v1")).rejects.toBeInstanceOf(LimitExceededError);
  });

  it("accepts a manifest of exactly 4 MiB", async () => {
    const padded = manifestBytes.slice(0, -1) + `,"annotations":{"pad":"${"x".repeat(MANIFEST_MAX_BYTES)}"}}`;
    const body = padded.slice(0, MANIFEST_MAX_BYTES - 3) + '"}}';
    const registry = await startFakeServer((_req, res) =>
      reply(res, 200, { "content-type": MediaType.ociManifest }, body),
    );
    const fetched = await new RegistryClient(registry.url).manifest("app", "v1");
    expect(fetched.raw.byteLength).toBe(MANIFEST_MAX_BYTES);
  });
});

describe("manifest HEAD", () => {
  it("reports headers on 200 and undefined on 404", async () => {
    const registry = await startFakeServer((req, res) =>
      req.url.endsWith("/v1")
        ? reply(res, 200, {
            "content-type": MediaType.ociManifest,
            "docker-content-digest": manifestDigest,
            "content-length": String(manifestBytes.length),
          })
        : reply(res, 404),
    );
    const client = new RegistryClient(registry.url);
    expect(await client.headManifest("app", "v1")).toEqual({
      mediaType: MediaType.ociManifest,
      size: manifestBytes.length,
      reportedDigest: manifestDigest,
    });
    expect(await client.manifestExists("app", "v1")).toBe(true);
    expect(await client.manifestExists("app", "v2")).toBe(false);
  });
});

describe("references", () => {
  it.each(["../etc", "App", "a/../b", "a?x=1"])("refuses the repository name %j before any request", async (repo) => {
    const registry = await startFakeServer((_req, res) => reply(res, 200));
    await expect(new RegistryClient(registry.url).manifest(repo, "v1")).rejects.toBeInstanceOf(TypeError);
    expect(registry.requests).toHaveLength(0);
  });

  it.each(["v1/../x", "sha256:abc", "-tag", ""])("refuses the reference %j before any request", async (ref) => {
    const registry = await startFakeServer((_req, res) => reply(res, 200));
    await expect(new RegistryClient(registry.url).manifest("app", ref)).rejects.toThrow();
    expect(registry.requests).toHaveLength(0);
  });
});
