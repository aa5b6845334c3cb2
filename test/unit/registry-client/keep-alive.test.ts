import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { digestOf } from "../../../grader/oci/digest.js";
import { MediaType } from "../../../grader/oci/media-types.js";
import {
  type Authenticator,
  pingRegistry,
  RegistryClient,
  RegistryError,
  RegistryUnreachableError,
} from "../../../grader/registry/index.js";
import { RegistryWriter } from "../../../runner/registry-client/index.js";
import { reply, type SeenRequest, startFakeServer } from "./fake-server.js";

const layer = Buffer.from("layer bytes for the keep-alive tests");
const layerDescriptor = { digest: digestOf(layer), size: layer.length };
const manifestBytes = JSON.stringify({
  schemaVersion: 2,
  mediaType: MediaType.ociManifest,
  config: { mediaType: MediaType.ociConfig, digest: digestOf("{}"), size: 2 },
  layers: [],
});

const notFound = '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}';

// A small registry: /v2/, a manifest, a blob, tags, a redirect, and 404s with an error body. HEAD answers carry
// Content-Length like distribution's (node:http closes a connection after a HEAD answer without one).
function answer(req: SeenRequest, res: ServerResponse) {
  const head = (status: number, headers: Record<string, string>, length: number) =>
    reply(res, status, { ...headers, "content-length": String(length) });
  if (req.url === "/v2/") return reply(res, 200, { "docker-distribution-api-version": "registry/2.0" });
  if (req.url === "/v2/app/manifests/old") return reply(res, 307, { location: "/v2/app/manifests/v1" }, "moved");
  const manifestHeaders = { "content-type": MediaType.ociManifest };
  if (req.url === "/v2/app/manifests/v1" && req.method === "HEAD") {
    return head(200, manifestHeaders, manifestBytes.length);
  }
  if (req.url === "/v2/app/manifests/v1") return reply(res, 200, manifestHeaders, manifestBytes);
  if (req.url === `/v2/app/blobs/${layerDescriptor.digest}`) return reply(res, 200, {}, layer);
  if (req.url.startsWith("/v2/app/tags/list")) return reply(res, 200, {}, '{"name":"app","tags":["v1"]}');
  const errorHeaders = { "content-type": "application/json" };
  if (req.method === "HEAD") return head(404, errorHeaders, notFound.length);
  reply(res, 404, errorHeaders, notFound);
}

const ports = (server: { requests: readonly SeenRequest[] }) => server.requests.map((r) => r.remotePort);

describe("keep-alive", () => {
  it("sends sequential requests of one client over a single connection", async () => {
    const server = await startFakeServer(answer);
    const client = new RegistryClient(server.url);
    await client.ping();
    await client.tags("app");
    await client.manifest("app", "v1");
    await client.manifestExists("app", "v1");
    await client.blob("app", layerDescriptor);
    expect(server.requests).toHaveLength(5);
    expect(new Set(ports(server)).size).toBe(1);
  });

  it("shares the connection between transports of the same origin (ping, then a client, as `labs check` does)", async () => {
    const server = await startFakeServer(answer);
    expect((await pingRegistry(server.url)).ok).toBe(true);
    expect(await new RegistryClient(server.url).tags("app")).toEqual(["v1"]);
    expect(new Set(ports(server)).size).toBe(1);
  });

  it("returns the connection to the pool after a redirect, a 404 HEAD and a read error body", async () => {
    const server = await startFakeServer(answer);
    const client = new RegistryClient(server.url);
    expect((await client.manifest("app", "old")).digest).toBe(digestOf(manifestBytes));
    expect(await client.blobExists("app", digestOf("missing"))).toBe(false);
    await expect(client.manifest("app", "missing")).rejects.toBeInstanceOf(RegistryError);
    await client.ping();
    expect(server.requests.map((r) => r.url)).toEqual([
      "/v2/app/manifests/old",
      "/v2/app/manifests/v1",
      `/v2/app/blobs/${digestOf("missing")}`,
      "/v2/app/manifests/missing",
      "/v2/",
    ]);
    expect(new Set(ports(server)).size).toBe(1);
  });

  it("retries after a 401 challenge on the same connection", async () => {
    const server = await startFakeServer((req, res) =>
      req.headers.authorization === "Bearer t0k"
        ? reply(res, 200)
        : reply(res, 401, { "www-authenticate": 'Bearer realm="http://auth/token"' }, '{"errors":[]}'),
    );
    let token: string | undefined;
    const auth: Authenticator = {
      header: async () => (token ? `Bearer ${token}` : undefined),
      challenged: async () => {
        token = "t0k";
        return true;
      },
    };
    expect((await new RegistryClient(server.url, { auth }).ping()).status).toBe(200);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([undefined, "Bearer t0k"]);
    expect(new Set(ports(server)).size).toBe(1);
  });

  it("closes the connection instead of reading an error body past its 64 KiB cap", async () => {
    const closed: number[] = [];
    const server = await startFakeServer((req, res) => {
      res.socket?.on("close", () => closed.push(req.remotePort));
      if (req.url === "/v2/") return reply(res, 200);
      reply(res, 403, {}, `{"errors":[{"code":"DENIED","message":"${"x".repeat(1024 * 1024)}"}]}`);
    });
    const client = new RegistryClient(server.url);
    await expect(client.tags("app")).rejects.toMatchObject({ status: 403 });
    await client.ping();
    const [first, second] = ports(server);
    expect(second).not.toBe(first);
    await expect.poll(() => closed).toContain(first);
  });

  it("closes the connection when a blob sends more bytes than its descriptor", async () => {
    const closed: number[] = [];
    const server = await startFakeServer((req, res) => {
      res.socket?.on("close", () => closed.push(req.remotePort));
      if (req.url === "/v2/") return reply(res, 200);
      res.writeHead(200);
      res.end(Buffer.alloc(4 * 1024 * 1024));
    });
    const client = new RegistryClient(server.url);
    await expect(client.blob("app", layerDescriptor)).rejects.toMatchObject({ code: "CONTENT_MISMATCH" });
    await client.ping();
    const [first, second] = ports(server);
    expect(second).not.toBe(first);
    await expect.poll(() => closed).toContain(first);
  });
});

describe("a reused connection the server closed", () => {
  // Answers the first request on each connection and drops the connection on the second one.
  async function closingOnSecondRequest() {
    const perConnection = new Map<number, number>();
    return startFakeServer((req, res) => {
      const count = (perConnection.get(req.remotePort) ?? 0) + 1;
      perConnection.set(req.remotePort, count);
      if (count > 1) return void res.socket?.destroy();
      answer(req, res);
    });
  }

  it("sends an idempotent GET again on a new connection", async () => {
    const server = await closingOnSecondRequest();
    const client = new RegistryClient(server.url);
    await client.ping();
    expect(await client.tags("app")).toEqual(["v1"]);
    expect(server.requests.map((r) => r.url)).toEqual(["/v2/", "/v2/app/tags/list?n=1000", "/v2/app/tags/list?n=1000"]);
    const [first, dropped, retried] = ports(server);
    expect(dropped).toBe(first);
    expect(retried).not.toBe(first);
  });

  it("does not send a POST twice: it fails as a reset connection", async () => {
    const server = await closingOnSecondRequest();
    const writer = new RegistryWriter(server.url);
    const fresh = Buffer.from("a blob the registry does not have");
    const error = await writer.pushBlob("app", fresh, digestOf(fresh)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryUnreachableError);
    expect(error).toMatchObject({ reason: "reset" });
    expect(server.requests.map((r) => r.method)).toEqual(["HEAD", "POST"]);
  });
});
