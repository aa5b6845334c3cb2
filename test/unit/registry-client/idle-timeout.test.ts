import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { digestOf } from "../../../grader/oci/digest.js";
import { MediaType } from "../../../grader/oci/media-types.js";
import { RegistryClient, RegistryUnreachableError } from "../../../grader/registry/index.js";
import { RegistryWriter } from "../../../runner/registry-client/index.js";
import { startFakeServer } from "./fake-server.js";

const blob = Buffer.alloc(256 * 1024, 3);
const descriptor = { digest: digestOf(blob), size: blob.length };

// A server that sends headers (and `prefix` of the body), then stalls; records when each connection closes.
async function stallingAfterHeaders(prefix: (res: ServerResponse) => void) {
  const closed: number[] = [];
  const server = await startFakeServer((req, res) => {
    res.socket?.on("close", () => closed.push(req.remotePort));
    prefix(res);
  });
  return { server, closed };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );
}

describe("idle timeout", () => {
  it("aborts a manifest whose headers arrived but no body byte follows, and closes the connection", async () => {
    const { server, closed } = await stallingAfterHeaders((res) => {
      res.writeHead(200, { "content-type": MediaType.ociManifest, "content-length": "400" });
      res.flushHeaders();
    });
    const started = Date.now();
    const error = await failure(new RegistryClient(server.url, { timeoutMs: 100 }).manifest("app", "v1"));
    expect(error).toBeInstanceOf(RegistryUnreachableError);
    expect(error).toMatchObject({ reason: "timeout", method: "GET" });
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect.poll(() => closed).toContain(server.requests[0]?.remotePort);
  });

  it("aborts a blob that stalls halfway, after some progress", async () => {
    const { server, closed } = await stallingAfterHeaders((res) => {
      res.writeHead(200, { "content-length": String(blob.length) });
      res.write(blob.subarray(0, blob.length / 2));
    });
    const error = await failure(new RegistryClient(server.url, { timeoutMs: 100 }).blob("app", descriptor));
    expect(error).toMatchObject({ code: "REGISTRY_UNREACHABLE", reason: "timeout" });
    await expect.poll(() => closed).toContain(server.requests[0]?.remotePort);
  });

  it("fails a blob stream with a timeout after it yielded the bytes that arrived", async () => {
    const { server } = await stallingAfterHeaders((res) => {
      res.writeHead(200, { "content-length": String(blob.length) });
      res.write(blob.subarray(0, 1000));
    });
    let seen = 0;
    const error = await failure(
      (async () => {
        for await (const chunk of new RegistryClient(server.url, { timeoutMs: 100 }).blobStream("app", descriptor)) {
          seen += chunk.byteLength;
        }
      })(),
    );
    expect(seen).toBe(1000);
    expect(error).toMatchObject({ reason: "timeout" });
  });

  it("aborts an upload the registry never answers", async () => {
    const { server, closed } = await stallingAfterHeaders(() => undefined);
    const writer = new RegistryWriter(server.url, { timeoutMs: 100 });
    const error = await failure(writer.putManifest("app", "v1", Buffer.from("{}"), MediaType.ociManifest));
    expect(error).toMatchObject({ reason: "timeout", method: "PUT" });
    expect(server.requests[0]?.body.toString()).toBe("{}");
    await expect.poll(() => closed).toHaveLength(1);
  });
});
