import { describe, expect, it } from "vitest";
import { digestOf } from "../../../grader/oci/digest.js";
import { LimitExceededError } from "../../../grader/oci/limits.js";
import { ContentMismatchError, RegistryClient, RegistryError } from "../../../grader/registry/index.js";
import { reply, startFakeServer } from "./fake-server.js";

const content = Buffer.from("layer bytes, exactly as pushed");
const descriptor = { digest: digestOf(content), size: content.length };

// A registry that answers every blob GET with `body`, optionally without Content-Length (chunked).
async function serving(body: Uint8Array, withLength = true) {
  return startFakeServer((_req, res) => {
    res.writeHead(200, withLength ? { "content-length": String(body.byteLength) } : {});
    res.end(body);
  });
}

async function drain(stream: AsyncIterable<Uint8Array>): Promise<number> {
  let seen = 0;
  for await (const chunk of stream) seen += chunk.byteLength;
  return seen;
}

describe("blob", () => {
  it("returns bytes that match digest and size", async () => {
    const registry = await serving(content);
    const bytes = await new RegistryClient(registry.url).blob("app", descriptor);
    expect(Buffer.from(bytes).equals(content)).toBe(true);
    expect(registry.requests[0]?.url).toBe(`/v2/app/blobs/${descriptor.digest}`);
  });

  it.each([
    { name: "more bytes than the descriptor says", body: Buffer.concat([content, Buffer.from("!")]) },
    { name: "fewer bytes than the descriptor says", body: content.subarray(1) },
  ])("rejects $name, with or without Content-Length", async ({ body }) => {
    for (const withLength of [true, false]) {
      const registry = await serving(body, withLength);
      const error = await new RegistryClient(registry.url).blob("app", descriptor).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ContentMismatchError);
      expect(error).toMatchObject({ field: "size", expected: content.length });
    }
  });

  it("rejects bytes of the right size with the wrong digest", async () => {
    const tampered = Buffer.from(content);
    tampered[0] = 0x4c;
    const registry = await serving(tampered, false);
    const error = await new RegistryClient(registry.url).blob("app", descriptor).catch((e: unknown) => e);
    expect(error).toMatchObject({ field: "digest", expected: descriptor.digest, actual: digestOf(tampered) });
  });

  it("refuses a descriptor larger than maxBytes without sending a request", async () => {
    const registry = await serving(content);
    const client = new RegistryClient(registry.url);
    await expect(client.blob("app", descriptor, content.length - 1)).rejects.toBeInstanceOf(LimitExceededError);
    expect(registry.requests).toHaveLength(0);
    expect((await client.blob("app", descriptor, content.length)).byteLength).toBe(content.length);
  });
});

describe("blobStream", () => {
  it("yields every byte, then throws at the end when the digest does not match", async () => {
    const big = Buffer.alloc(1024 * 1024, 7);
    const registry = await serving(big, false);
    const client = new RegistryClient(registry.url);
    const good = { digest: digestOf(big), size: big.length };
    expect(await drain(client.blobStream("app", good))).toBe(big.length);
    const wrong = { digest: digestOf("other"), size: big.length };
    let seen = 0;
    const error = await (async () => {
      for await (const chunk of client.blobStream("app", wrong)) seen += chunk.byteLength;
    })().catch((e: unknown) => e);
    expect(seen).toBe(big.length);
    expect(error).toMatchObject({ code: "CONTENT_MISMATCH", field: "digest" });
  });

  it("stops before yielding bytes beyond the descriptor's size", async () => {
    const registry = await serving(Buffer.concat([content, content]), false);
    const client = new RegistryClient(registry.url);
    let seen = 0;
    const error = await (async () => {
      for await (const chunk of client.blobStream("app", descriptor)) seen += chunk.byteLength;
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ field: "size" });
    expect(seen).toBeLessThanOrEqual(content.length);
  });
});

describe("blobExists", () => {
  it("is true on 200, false on 404, and throws on other statuses", async () => {
    const registry = await startFakeServer((req, res) => {
      if (req.url.endsWith(descriptor.digest)) return reply(res, 200);
      if (req.url.endsWith(digestOf("gone"))) return reply(res, 404);
      reply(res, 503);
    });
    const client = new RegistryClient(registry.url);
    expect(await client.blobExists("app", descriptor.digest)).toBe(true);
    expect(await client.blobExists("app", digestOf("gone"))).toBe(false);
    const error = await client.blobExists("app", digestOf("x")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(registry.requests.map((r) => r.method)).toEqual(["HEAD", "HEAD", "HEAD"]);
  });
});
