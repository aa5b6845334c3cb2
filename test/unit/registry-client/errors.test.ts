import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { digestOf } from "../../../grader/oci/digest.js";
import {
  pingRegistry,
  RegistryClient,
  RegistryError,
  RegistryProtocolError,
  RegistryUnreachableError,
  redactUrl,
} from "../../../grader/registry/index.js";
import { reply, startFakeServer } from "./fake-server.js";

const errorBody = JSON.stringify({
  errors: [
    { code: "MANIFEST_UNKNOWN", message: "manifest unknown", detail: { Tag: "v9" } },
    { code: "NAME_UNKNOWN" },
    { message: "entry without a code is dropped" },
  ],
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );
}

describe("RegistryError", () => {
  it("parses the spec's error body into codes", async () => {
    const registry = await startFakeServer((_req, res) =>
      reply(res, 404, { "content-type": "application/json" }, errorBody),
    );
    const error = await failure(new RegistryClient(registry.url).manifest("app", "v9"));
    expect(error).toBeInstanceOf(RegistryError);
    const e = error as RegistryError;
    expect(e.codes).toEqual([
      { code: "MANIFEST_UNKNOWN", message: "manifest unknown", detail: { Tag: "v9" } },
      { code: "NAME_UNKNOWN" },
    ]);
    expect(e).toMatchObject({ method: "GET", status: 404, url: `${registry.url}/v2/app/manifests/v9` });
    expect(e.isNotFound()).toBe(true);
    expect(e.hasCode("MANIFEST_UNKNOWN")).toBe(true);
    expect(e.hasCode("BLOB_UNKNOWN")).toBe(false);
    expect(e.message).toContain("MANIFEST_UNKNOWN: manifest unknown");
  });

  it.each([
    { name: "plain text", body: "404 page not found" },
    { name: "JSON without errors", body: '{"detail":"x"}' },
    { name: "errors that is not a list", body: '{"errors":"MANIFEST_UNKNOWN"}' },
  ])("yields no codes for a body of $name", async ({ body }) => {
    const registry = await startFakeServer((_req, res) => reply(res, 400, {}, body));
    const error = (await failure(new RegistryClient(registry.url).manifest("app", "v1"))) as RegistryError;
    expect(error.codes).toEqual([]);
    expect(error.status).toBe(400);
    expect(error.isNotFound()).toBe(false);
  });

  it("explains that a HEAD error has no body", async () => {
    const registry = await startFakeServer((_req, res) => reply(res, 403));
    const error = (await failure(new RegistryClient(registry.url).blobExists("app", digestOf("x")))) as RegistryError;
    expect(error.method).toBe("HEAD");
    expect(error.message).toContain("HEAD responses have no body");
  });

  it.each([
    { status: 429, retryable: true },
    { status: 500, retryable: true },
    { status: 502, retryable: true },
    { status: 503, retryable: true },
    { status: 400, retryable: false },
    { status: 401, retryable: false },
    { status: 404, retryable: false },
  ])("marks status $status as retryable: $retryable", async ({ status, retryable }) => {
    const registry = await startFakeServer((_req, res) => reply(res, status, { "retry-after": "7" }, "{}"));
    const error = (await failure(new RegistryClient(registry.url).manifest("app", "v1"))) as RegistryError;
    expect(error.status).toBe(status);
    expect(error.isRetryable()).toBe(retryable);
    expect(error.retryAfterSeconds).toBe(7);
  });

  it("marks a TOOMANYREQUESTS code as retryable whatever the status", () => {
    const error = new RegistryError({
      method: "GET",
      url: "http://r/v2/",
      status: 400,
      codes: [{ code: "TOOMANYREQUESTS" }],
    });
    expect(error.isRetryable()).toBe(true);
  });

  it("reads at most 64 KiB of an error body", async () => {
    const huge = `{"errors":[{"code":"DENIED","message":"${"x".repeat(200_000)}"}]}`;
    const registry = await startFakeServer((_req, res) => reply(res, 403, {}, huge));
    const error = (await failure(new RegistryClient(registry.url).tags("app"))) as RegistryError;
    expect(error.codes).toEqual([]);
    expect(error.status).toBe(403);
  });

  it("redacts credentials from URLs", () => {
    expect(redactUrl("http://ann:s3cret@127.0.0.1:5000/v2/")).toBe("http://127.0.0.1:5000/v2/");
    const error = new RegistryError({ method: "GET", url: "http://ann:s3cret@r:5000/v2/", status: 401 });
    expect(error.url).toBe("http://r:5000/v2/");
    expect(error.message).not.toContain("s3cret");
  });
});

describe("unreachable registries", () => {
  it("turns a refused connection into RegistryUnreachableError with the address", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise((resolve) => server.close(resolve));
    const error = await failure(pingRegistry(`http://127.0.0.1:${port}`));
    expect(error).toBeInstanceOf(RegistryUnreachableError);
    expect(error).toMatchObject({ reason: "refused", address: `127.0.0.1:${port}`, code: "REGISTRY_UNREACHABLE" });
  });

  it("times out when the registry sends no answer", async () => {
    const registry = await startFakeServer(() => undefined);
    const started = Date.now();
    const error = await failure(new RegistryClient(registry.url, { timeoutMs: 100 }).tags("app"));
    expect(error).toBeInstanceOf(RegistryUnreachableError);
    expect(error).toMatchObject({ reason: "timeout" });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("times out when the body stalls after the headers", async () => {
    const registry = await startFakeServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"tags":[');
    });
    const error = await failure(new RegistryClient(registry.url, { timeoutMs: 100 }).tags("app"));
    expect(error).toMatchObject({ code: "REGISTRY_UNREACHABLE", reason: "timeout" });
  });

  it("does not time out a slow body that keeps making progress", async () => {
    const registry = await startFakeServer(async (_req, res) => {
      res.writeHead(200);
      for (const part of ['{"tags":', '["a",', '"b"]}']) {
        res.write(part);
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
      res.end();
    });
    expect(await new RegistryClient(registry.url, { timeoutMs: 100 }).tags("app")).toEqual(["a", "b"]);
  });
});

describe("protocol errors", () => {
  it("rejects a tag list that is not JSON", async () => {
    const registry = await startFakeServer((_req, res) => reply(res, 200, {}, "<html>"));
    await expect(new RegistryClient(registry.url).tags("app")).rejects.toBeInstanceOf(RegistryProtocolError);
  });
});
