import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { RootLockedError, startEmbeddedRegistry, UnsafeListenError } from "../../../runner/registry/embedded/index.js";
import { http } from "./support/http.js";
import { blobOf, prepareImage } from "./support/oci.js";
import { startTempRegistry, tempDir } from "./support/server.js";

// Safety on localhost: loopback Host only, no browser requests, basic auth, loopback listening, one process per root.

// Sends raw bytes and returns everything the server answered before closing (or after `waitMs`).
function rawExchange(port: number, text: string, waitMs = 3000): Promise<{ reply: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, "127.0.0.1", () => socket.write(text));
    let reply = "";
    socket.on("data", (chunk) => {
      reply += chunk.toString();
    });
    socket.on("error", reject);
    socket.on("close", () => resolve({ reply, closedAfterMs: Date.now() - started }));
    setTimeout(() => socket.destroy(), waitMs).unref();
  });
}

describe("host and origin checks", { timeout: 30_000 }, () => {
  it("answers loopback Host names and refuses others with 403 (DNS rebinding)", async () => {
    await using reg = await startTempRegistry();
    const port = reg.registry.port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, "127.1.2.3"]) {
      expect((await http(reg.registry.url, "/v2/", { headers: { Host: host } })).status, host).toBe(200);
    }
    for (const host of [`attacker.example:${port}`, "192.168.1.10", "localhost.attacker.example"]) {
      const reply = await http(reg.registry.url, "/v2/", { headers: { Host: host } });
      expect([reply.status, reply.codes], host).toEqual([403, ["DENIED"]]);
    }
  });

  it("refuses a request without a Host header (400)", async () => {
    await using reg = await startTempRegistry();
    const { reply } = await rawExchange(reg.registry.port, "GET /v2/ HTTP/1.1\r\nConnection: close\r\n\r\n");
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
  });

  it("accepts extra host names only when configured", async () => {
    await using reg = await startTempRegistry({ allowedHosts: ["host.docker.internal"] });
    expect((await http(reg.registry.url, "/v2/", { headers: { Host: "host.docker.internal:5000" } })).status).toBe(200);
    expect((await http(reg.registry.url, "/v2/", { headers: { Host: "other.internal:5000" } })).status).toBe(403);
  });

  it("refuses requests from web pages (Origin, Sec-Fetch-Site) before touching anything", async () => {
    await using reg = await startTempRegistry();
    const image = await prepareImage(reg.client, "sec/app", "browser");
    const put = await reg.client("/v2/sec/app/manifests/v1", {
      method: "PUT",
      headers: { "Content-Type": image.manifest.mediaType, Origin: "https://evil.example" },
      body: image.manifest.bytes,
    });
    expect([put.status, put.codes]).toEqual([403, ["DENIED"]]);
    expect((await reg.client("/v2/sec/app/manifests/v1")).status).toBe(404);
    const preflight = await reg.client("/v2/", { method: "OPTIONS", headers: { Origin: "https://evil.example" } });
    expect(preflight.status).toBe(403);
    expect(preflight.header("access-control-allow-origin")).toBeUndefined();
    expect((await reg.client("/v2/", { headers: { "Sec-Fetch-Site": "cross-site" } })).status).toBe(403);
  });
});

describe("basic auth", { timeout: 30_000 }, () => {
  const auth = { username: "learner", password: "correct horse" };
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

  it("challenges without credentials, refuses wrong ones, serves right ones", async () => {
    await using reg = await startTempRegistry({ auth });
    const none = await reg.client("/v2/");
    expect([none.status, none.codes, none.header("www-authenticate")]).toEqual([
      401,
      ["UNAUTHORIZED"],
      'Basic realm="labs-registry"',
    ]);
    expect((await reg.client("/v2/", { headers: { Authorization: basic("learner", "wrong") } })).status).toBe(401);
    const blob = blobOf("with auth");
    const push = await reg.client(`/v2/sec/auth/blobs/uploads/?digest=${blob.digest}`, {
      method: "POST",
      headers: { Authorization: basic(auth.username, auth.password) },
      body: blob.bytes,
    });
    expect(push.status).toBe(201);
    expect((await reg.client(`/v2/sec/auth/blobs/${blob.digest}`)).status).toBe(401);
  });
});

describe("listening", { timeout: 30_000 }, () => {
  it("listens on 127.0.0.1 by default and refuses another address without auth", async () => {
    await using reg = await startTempRegistry();
    expect(reg.registry.url).toBe(`http://127.0.0.1:${reg.registry.port}`);
    expect(reg.registry.hostPort).toBe(`127.0.0.1:${reg.registry.port}`);
    await using dir = await tempDir();
    await expect(startEmbeddedRegistry({ root: dir.path, host: "0.0.0.0" })).rejects.toBeInstanceOf(UnsafeListenError);
  });

  it("listens on all addresses with auth, and then accepts any Host", async () => {
    await using reg = await startTempRegistry({ host: "0.0.0.0", auth: { username: "u", password: "p" } });
    const reply = await reg.client("/v2/", {
      headers: { Host: "10.0.0.5:5000", Authorization: `Basic ${Buffer.from("u:p").toString("base64")}` },
    });
    expect(reply.status).toBe(200);
  });

  it("refuses to serve a root another live registry serves", async () => {
    await using reg = await startTempRegistry();
    await expect(startEmbeddedRegistry({ root: reg.root })).rejects.toBeInstanceOf(RootLockedError);
  });

  it("reports its capabilities", async () => {
    await using reg = await startTempRegistry();
    expect(reg.registry.capabilities).toEqual({
      deleteByTag: true,
      deleteManifest: true,
      deleteBlob: true,
      referrersApi: true,
      tagPaging: true,
      garbageCollection: true,
      schema1Conversion: false,
    });
  });
});

describe("timeouts", { timeout: 30_000 }, () => {
  it("answers 408 and closes a connection whose headers never finish", async () => {
    await using reg = await startTempRegistry({ limits: { headersTimeoutMs: 400, requestTimeoutMs: 400 } });
    const { reply, closedAfterMs } = await rawExchange(
      reg.registry.port,
      "GET /v2/ HTTP/1.1\r\nHost: localhost\r\n",
      5000,
    );
    expect(reply).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeLessThan(3000);
  });

  it("closes an idle keep-alive connection", async () => {
    await using reg = await startTempRegistry({ limits: { keepAliveTimeoutMs: 300 } });
    const { reply, closedAfterMs } = await rawExchange(
      reg.registry.port,
      "GET /v2/ HTTP/1.1\r\nHost: localhost\r\n\r\n",
      5000,
    );
    expect(reply).toMatch(/^HTTP\/1\.1 200 /);
    expect(closedAfterMs).toBeLessThan(3000);
  });
});
