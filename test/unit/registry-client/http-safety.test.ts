import { describe, expect, it } from "vitest";
import { digestOf } from "../../../grader/oci/digest.js";
import { MediaType } from "../../../grader/oci/media-types.js";
import { CrossOriginError, RegistryClient } from "../../../grader/registry/index.js";
import { reply, startFakeServer } from "./fake-server.js";

const manifestBytes = JSON.stringify({
  schemaVersion: 2,
  mediaType: MediaType.ociManifest,
  config: { mediaType: MediaType.ociConfig, digest: digestOf("{}"), size: 2 },
  layers: [],
});

describe("redirects", () => {
  it("refuses a redirect to another origin without contacting it", async () => {
    const elsewhere = await startFakeServer((_req, res) => reply(res, 200, {}, manifestBytes));
    const registry = await startFakeServer((_req, res) =>
      reply(res, 307, { location: `${elsewhere.url}/v2/app/manifests/v1` }),
    );
    const client = new RegistryClient(registry.url);
    const error = await client.manifest("app", "v1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrossOriginError);
    expect((error as CrossOriginError).what).toBe("redirect");
    expect(elsewhere.requests).toHaveLength(0);
  });

  it.each([
    { name: "another scheme", target: (port: string) => `https://127.0.0.1:${port}/v2/app/blobs/x` },
    { name: "another host name for the same address", target: (port: string) => `http://localhost:${port}/v2/` },
    { name: "another port", target: (port: string) => `http://127.0.0.1:${Number(port) + 1}/v2/` },
  ])("refuses a redirect to $name", async ({ target }) => {
    const registry = await startFakeServer((req, res) => {
      const port = String(req.headers.host).split(":")[1] ?? "";
      reply(res, 302, { location: target(port) });
    });
    const client = new RegistryClient(registry.url);
    await expect(client.blobExists("app", digestOf("x"))).rejects.toBeInstanceOf(CrossOriginError);
    expect(registry.requests).toHaveLength(1);
  });

  it("follows a relative redirect on the same origin and keeps the Accept header", async () => {
    const registry = await startFakeServer((req, res) => {
      if (req.url === "/v2/app/manifests/v1") return reply(res, 307, { location: "/v2/app/manifests/moved" });
      reply(res, 200, { "content-type": MediaType.ociManifest }, manifestBytes);
    });
    const fetched = await new RegistryClient(registry.url).manifest("app", "v1");
    expect(fetched.digest).toBe(digestOf(manifestBytes));
    expect(registry.requests.map((r) => r.url)).toEqual(["/v2/app/manifests/v1", "/v2/app/manifests/moved"]);
    expect(registry.requests[1]?.headers.accept).toBe(registry.requests[0]?.headers.accept);
  });

  it("stops after too many redirects with the redirect status as the error", async () => {
    const registry = await startFakeServer((_req, res) => reply(res, 302, { location: "/v2/" }));
    const error = await new RegistryClient(registry.url, { maxRedirects: 2 }).tags("app").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "REGISTRY_HTTP", status: 302 });
    expect(registry.requests).toHaveLength(3);
  });
});

describe("Link pagination", () => {
  it("refuses a tags Link that points to another origin", async () => {
    const elsewhere = await startFakeServer((_req, res) => reply(res, 200, {}, '{"tags":["b"]}'));
    const registry = await startFakeServer((_req, res) =>
      reply(res, 200, { link: `<${elsewhere.url}/v2/app/tags/list?last=a>; rel="next"` }, '{"tags":["a"]}'),
    );
    const error = await new RegistryClient(registry.url).tags("app").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrossOriginError);
    expect((error as CrossOriginError).what).toBe("link");
    expect(elsewhere.requests).toHaveLength(0);
  });
});

describe("Accept header", () => {
  it("lists exactly the four manifest types on GET and HEAD, never a wildcard", async () => {
    const registry = await startFakeServer((req, res) =>
      reply(res, 200, { "content-type": MediaType.ociManifest }, req.method === "HEAD" ? undefined : manifestBytes),
    );
    const client = new RegistryClient(registry.url);
    await client.manifest("app", "v1");
    await client.manifestExists("app", "v1");
    for (const request of registry.requests) {
      const listed = String(request.headers.accept)
        .split(",")
        .map((s) => s.trim());
      expect(listed).toEqual([
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.docker.distribution.manifest.v2+json",
      ]);
    }
    expect(registry.requests).toHaveLength(2);
  });
});

describe("credentials", () => {
  it("sends basic credentials to the registry and refuses to carry them off-origin", async () => {
    const elsewhere = await startFakeServer((_req, res) => reply(res, 200));
    const registry = await startFakeServer((req, res) =>
      req.url === "/v2/" ? reply(res, 200) : reply(res, 302, { location: `${elsewhere.url}/steal` }),
    );
    const client = new RegistryClient(registry.url, { credentials: { username: "ann", password: "s3cret" } });
    expect((await client.ping()).ok).toBe(true);
    expect(registry.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from("ann:s3cret").toString("base64")}`);
    await expect(client.tags("app")).rejects.toBeInstanceOf(CrossOriginError);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it("takes credentials written in the registry URL and redacts them from errors", async () => {
    const registry = await startFakeServer((_req, res) => reply(res, 500));
    const port = new URL(registry.url).port;
    const client = new RegistryClient(`http://ann:s3cret@127.0.0.1:${port}`);
    const error = await client.tags("app").catch((e: unknown) => e as Error);
    expect(registry.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from("ann:s3cret").toString("base64")}`);
    expect(String((error as Error).message)).not.toContain("s3cret");
    expect(client.url).toBe(`http://127.0.0.1:${port}`);
  });
});
