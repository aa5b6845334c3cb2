import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { type Digest, digestOf } from "../../../grader/oci/digest.js";
import { MediaType } from "../../../grader/oci/media-types.js";
import {
  ContentMismatchError,
  CrossOriginError,
  RegistryError,
  withDigestParam,
} from "../../../grader/registry/index.js";
import { RegistryWriter } from "../../../runner/registry-client/index.js";
import { reply, type SeenRequest, startFakeServer } from "./fake-server.js";

const blob = Buffer.from("0123456789abcdefghij");
const blobDigest = digestOf(blob);

interface FakeOptions {
  /** Location of new sessions, relative to the server (default `/upload/1?_state=abc`). */
  readonly location?: (port: string) => string;
  readonly singlePost?: boolean;
  readonly minChunk?: number;
  readonly mount?: boolean;
  readonly reportDigest?: string;
}

// A minimal upload-accepting registry that stores what the client sends.
function uploadingRegistry(options: FakeOptions = {}) {
  const stored = new Map<string, Buffer>();
  let pending = Buffer.alloc(0);
  const handler = (req: SeenRequest, res: ServerResponse) => {
    const port = String(req.headers.host).split(":")[1] ?? "";
    const session = { location: options.location?.(port) ?? "/upload/1?_state=abc" };
    const url = new URL(req.url, "http://x");
    const created = (d: string) =>
      reply(res, 201, { "docker-content-digest": options.reportDigest ?? d, location: "/b" });
    if (req.method === "HEAD") return reply(res, stored.has(url.pathname.split("/").at(-1) ?? "") ? 200 : 404);
    if (req.method === "POST" && url.searchParams.has("mount")) {
      return options.mount ? created(url.searchParams.get("mount") ?? "") : reply(res, 202, session);
    }
    if (req.method === "POST" && url.searchParams.has("digest") && options.singlePost) {
      stored.set(url.searchParams.get("digest") ?? "", req.body);
      return created(url.searchParams.get("digest") ?? "");
    }
    if (req.method === "POST") {
      pending = Buffer.alloc(0);
      const min: Record<string, string> = options.minChunk ? { "oci-chunk-min-length": String(options.minChunk) } : {};
      return reply(res, 202, { ...session, ...min });
    }
    if (req.method === "PATCH") {
      pending = Buffer.concat([pending, req.body]);
      return reply(res, 202, { ...session, range: `0-${pending.length - 1}` });
    }
    if (req.method === "PUT" && url.pathname.startsWith("/upload/")) {
      const digest = url.searchParams.get("digest") ?? "";
      stored.set(digest, Buffer.concat([pending, req.body]));
      return created(digest);
    }
    if (req.method === "PUT") return created(digestOf(req.body));
    reply(res, 202);
  };
  return { stored, handler };
}

async function writerFor(options: FakeOptions = {}) {
  const fake = uploadingRegistry(options);
  const server = await startFakeServer(fake.handler);
  return { writer: new RegistryWriter(server.url), server, stored: fake.stored };
}

const calls = (requests: readonly SeenRequest[]) => requests.map((r) => `${r.method} ${r.url}`);

describe("withDigestParam", () => {
  it.each([
    { location: "http://r/upload/1", expected: `http://r/upload/1?digest=${encodeURIComponent(blobDigest)}` },
    {
      location: "http://r/upload/1?_state=a%3D",
      expected: `http://r/upload/1?_state=a%3D&digest=${encodeURIComponent(blobDigest)}`,
    },
    { location: "http://r/upload/1?", expected: `http://r/upload/1?digest=${encodeURIComponent(blobDigest)}` },
  ])("appends digest to $location", ({ location, expected }) => {
    expect(withDigestParam(new URL(location), blobDigest).href).toBe(expected);
  });
});

describe("pushBlob", () => {
  it("monolithic: POST then PUT <location>&digest= with the bytes", async () => {
    const { writer, server, stored } = await writerFor();
    expect(await writer.pushBlob("app", blob, blobDigest, { mode: "monolithic" })).toBe("pushed");
    expect(calls(server.requests)).toEqual([
      `HEAD /v2/app/blobs/${blobDigest}`,
      "POST /v2/app/blobs/uploads/",
      `PUT /upload/1?_state=abc&digest=${encodeURIComponent(blobDigest)}`,
    ]);
    expect(server.requests[1]?.headers["content-length"]).toBe("0");
    expect(server.requests[2]?.headers["content-type"]).toBe("application/octet-stream");
    expect(server.requests[2]?.headers["content-length"]).toBe(String(blob.length));
    expect(server.requests[2]?.headers["transfer-encoding"]).toBeUndefined();
    expect(stored.get(blobDigest)?.equals(blob)).toBe(true);
  });

  it("chunked: PATCHes with Content-Range start-end (no bytes prefix), then an empty PUT", async () => {
    const { writer, server, stored } = await writerFor({ location: () => "/upload/1" });
    await writer.pushBlob("app", blob, blobDigest, { mode: "chunked", chunkSize: 8 });
    const patches = server.requests.filter((r) => r.method === "PATCH");
    expect(patches.map((p) => p.headers["content-range"])).toEqual(["0-7", "8-15", "16-19"]);
    expect(patches.every((p) => p.headers["content-type"] === "application/octet-stream")).toBe(true);
    const put = server.requests.at(-1);
    expect(put?.url).toBe(`/upload/1?digest=${encodeURIComponent(blobDigest)}`);
    expect(put?.body.length).toBe(0);
    expect(stored.get(blobDigest)?.equals(blob)).toBe(true);
  });

  it("chunked: raises the chunk size to the registry's OCI-Chunk-Min-Length", async () => {
    const { writer, server } = await writerFor({ minChunk: 16 });
    await writer.pushBlob("app", blob, blobDigest, { mode: "chunked", chunkSize: 4 });
    const ranges = server.requests.filter((r) => r.method === "PATCH").map((p) => p.headers["content-range"]);
    expect(ranges).toEqual(["0-15", "16-19"]);
  });

  it("single-post: one POST ?digest= when the registry answers 201", async () => {
    const { writer, server, stored } = await writerFor({ singlePost: true });
    await writer.pushBlob("app", blob, blobDigest, { mode: "single-post", skipExisting: false });
    expect(calls(server.requests)).toEqual([`POST /v2/app/blobs/uploads/?digest=${encodeURIComponent(blobDigest)}`]);
    expect(stored.get(blobDigest)?.equals(blob)).toBe(true);
  });

  it("single-post: falls back to PUT when the registry answers 202", async () => {
    const { writer, server, stored } = await writerFor();
    await writer.pushBlob("app", blob, blobDigest, { mode: "single-post", skipExisting: false });
    expect(server.requests.map((r) => r.method)).toEqual(["POST", "PUT"]);
    expect(stored.get(blobDigest)?.equals(blob)).toBe(true);
  });

  it("skips a blob the repository already has", async () => {
    const { writer, server } = await writerFor();
    await writer.pushBlob("app", blob, blobDigest);
    expect(await writer.pushBlob("app", blob, blobDigest)).toBe("exists");
    expect(server.requests.at(-1)?.method).toBe("HEAD");
  });

  it("refuses bytes that do not match the digest before sending anything", async () => {
    const { writer, server } = await writerFor();
    const error = await writer.pushBlob("app", blob, digestOf("other")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentMismatchError);
    expect(server.requests).toHaveLength(0);
  });

  it("refuses an upload Location on another origin", async () => {
    const { writer, server } = await writerFor({ location: (port) => `http://localhost:${port}/upload/1` });
    const error = await writer.pushBlob("app", blob, blobDigest, { skipExisting: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrossOriginError);
    expect((error as CrossOriginError).what).toBe("location");
    expect(server.requests.map((r) => r.method)).toEqual(["POST"]);
  });

  it("refuses a registry that reports another digest for the upload", async () => {
    const { writer } = await writerFor({ reportDigest: digestOf("other") });
    await expect(writer.pushBlob("app", blob, blobDigest, { skipExisting: false })).rejects.toBeInstanceOf(
      ContentMismatchError,
    );
  });
});

describe("mountBlob", () => {
  it("returns mounted on 201", async () => {
    const { writer, server } = await writerFor({ mount: true });
    expect(await writer.mountBlob("app", blobDigest, "base")).toBe("mounted");
    expect(server.requests[0]?.url).toBe(`/v2/app/blobs/uploads/?mount=${encodeURIComponent(blobDigest)}&from=base`);
  });

  it("uploads the given bytes through the session a 202 opened", async () => {
    const { writer, server, stored } = await writerFor();
    expect(await writer.mountBlob("app", blobDigest, "base", blob)).toBe("upload-started");
    expect(server.requests.map((r) => r.method)).toEqual(["POST", "PUT"]);
    expect(stored.get(blobDigest)?.equals(blob)).toBe(true);
  });

  it("cancels the session when no bytes were given", async () => {
    const { writer, server } = await writerFor();
    expect(await writer.mountBlob("app", blobDigest, "base")).toBe("upload-started");
    expect(calls(server.requests).at(-1)).toBe("DELETE /upload/1?_state=abc");
  });
});

describe("putManifest", () => {
  const bytes = Buffer.from(`{"schemaVersion":2,"mediaType":"${MediaType.ociIndex}","manifests":[]}`);
  const digest = digestOf(bytes);

  it("PUTs the exact bytes with the media type as Content-Type and returns their digest", async () => {
    const { writer, server } = await writerFor();
    expect(await writer.putManifest("app", "v1", bytes, MediaType.ociIndex)).toBe(digest);
    expect(server.requests[0]?.headers["content-type"]).toBe(MediaType.ociIndex);
    expect(server.requests[0]?.body.equals(bytes)).toBe(true);
  });

  it("refuses a registry that reports another digest", async () => {
    const { writer } = await writerFor({ reportDigest: digestOf("other") });
    await expect(writer.putManifest("app", "v1", bytes, MediaType.ociIndex)).rejects.toMatchObject({
      code: "CONTENT_MISMATCH",
      expected: digest,
    });
  });

  it("refuses to PUT bytes under a digest they do not have", async () => {
    const { writer, server } = await writerFor();
    await expect(writer.putManifest("app", digestOf("x"), bytes, MediaType.ociIndex)).rejects.toBeInstanceOf(
      ContentMismatchError,
    );
    expect(server.requests).toHaveLength(0);
  });

  it("surfaces a registry refusal as RegistryError with its codes", async () => {
    const server = await startFakeServer((_req, res) =>
      reply(res, 400, {}, '{"errors":[{"code":"MANIFEST_BLOB_UNKNOWN","message":"blob unknown to registry"}]}'),
    );
    const error = await new RegistryWriter(server.url)
      .putManifest("app", "v1", bytes, MediaType.ociIndex)
      .catch((e) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).hasCode("MANIFEST_BLOB_UNKNOWN")).toBe(true);
  });
});

describe("pushAll", () => {
  it("pushes blobs (at most 4 at once), then children by digest, then the root by tag", async () => {
    let active = 0;
    let peak = 0;
    const fake = uploadingRegistry();
    const server = await startFakeServer(async (req, res) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 5));
      active--;
      fake.handler(req, res);
    });
    const blobs = Array.from({ length: 10 }, (_, i) => Buffer.from(`blob ${i}`));
    const child = Buffer.from('{"child":1}');
    const root = Buffer.from('{"root":1}');
    const item = (kind: "blob" | "manifest", bytes: Buffer, tag?: string) => ({
      kind,
      bytes,
      digest: digestOf(bytes) as Digest,
      mediaType: kind === "blob" ? "application/octet-stream" : MediaType.ociManifest,
      ...(tag ? { tag } : {}),
    });
    const items = [item("manifest", root, "v1"), ...blobs.map((b) => item("blob", b)), item("manifest", child)];
    const summary = await new RegistryWriter(server.url).pushAll("app", items);
    expect(summary).toEqual({ blobsPushed: 10, blobsSkipped: 0, manifests: 2 });
    expect(peak).toBeLessThanOrEqual(4);
    expect(peak).toBeGreaterThan(1);
    const manifestPuts = calls(server.requests).filter((c) => c.startsWith("PUT /v2/app/manifests/"));
    expect(manifestPuts).toEqual([`PUT /v2/app/manifests/${digestOf(child)}`, "PUT /v2/app/manifests/v1"]);
    const lastBlobPut = calls(server.requests).findLastIndex((c) => c.startsWith("PUT /upload/"));
    const firstManifestPut = calls(server.requests).findIndex((c) => c.startsWith("PUT /v2/app/manifests/"));
    expect(lastBlobPut).toBeLessThan(firstManifestPut);
  });

  it("checks every item's digest before pushing anything", async () => {
    const { writer, server } = await writerFor();
    const bad = { kind: "manifest" as const, bytes: blob, digest: digestOf("x"), mediaType: MediaType.ociManifest };
    await expect(writer.pushAll("app", [bad])).rejects.toBeInstanceOf(ContentMismatchError);
    expect(server.requests).toHaveLength(0);
  });
});
