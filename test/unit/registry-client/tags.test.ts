import { describe, expect, it } from "vitest";
import { RegistryClient, RegistryError, RegistryProtocolError } from "../../../grader/registry/index.js";
import { reply, startFakeServer } from "./fake-server.js";

const ALL = ["a", "b", "c", "d", "e"];

// Pages of `ALL` after `last`, at most `n`, like a spec-following registry.
function page(url: string): { tags: string[]; n: number; last: string } {
  const params = new URL(url, "http://x").searchParams;
  const n = Number(params.get("n") ?? ALL.length);
  const last = params.get("last") ?? "";
  return { tags: ALL.filter((t) => t > last).slice(0, n), n, last };
}

describe("tags", () => {
  it("follows relative Link headers until the last page", async () => {
    const registry = await startFakeServer((req, res) => {
      const { tags, n } = page(req.url);
      const more = tags.length > 0 && tags.at(-1) !== ALL.at(-1);
      const link: Record<string, string> = more
        ? { link: `</v2/app/tags/list?n=${n}&last=${tags.at(-1)}>; rel="next"` }
        : {};
      reply(res, 200, { "content-type": "application/json", ...link }, JSON.stringify({ name: "app", tags }));
    });
    expect(await new RegistryClient(registry.url, { tagPageSize: 2 }).tags("app")).toEqual(ALL);
    expect(registry.requests.map((r) => r.url)).toEqual([
      "/v2/app/tags/list?n=2",
      "/v2/app/tags/list?n=2&last=b",
      "/v2/app/tags/list?n=2&last=d",
    ]);
  });

  it("asks with last= when a full page comes without a Link header", async () => {
    const registry = await startFakeServer((req, res) =>
      reply(res, 200, {}, JSON.stringify({ tags: page(req.url).tags })),
    );
    expect(await new RegistryClient(registry.url, { tagPageSize: 2 }).tags("app")).toEqual(ALL);
    expect(registry.requests.map((r) => r.url).at(-1)).toBe("/v2/app/tags/list?n=2&last=d");
  });

  it("returns everything once when the registry ignores n (distribution 2.8)", async () => {
    const registry = await startFakeServer((_req, res) => reply(res, 200, {}, JSON.stringify({ tags: ALL })));
    expect(await new RegistryClient(registry.url, { tagPageSize: 5 }).tags("app")).toEqual(ALL);
    expect(registry.requests).toHaveLength(2);
    expect(await new RegistryClient(registry.url, { tagPageSize: 2 }).tags("app")).toEqual(ALL);
    expect(registry.requests).toHaveLength(3);
  });

  it("sorts tags a registry returns in directory order (distribution 2.8)", async () => {
    const registry = await startFakeServer((_req, res) =>
      reply(res, 200, {}, JSON.stringify({ tags: ["v1", "V0", "v10", "v2", "1"] })),
    );
    expect(await new RegistryClient(registry.url).tags("app")).toEqual(["1", "V0", "v1", "v10", "v2"]);
  });

  it.each([
    { name: "tags: null", status: 200, body: '{"name":"app","tags":null}' },
    { name: "404 NAME_UNKNOWN", status: 404, body: '{"errors":[{"code":"NAME_UNKNOWN"}]}' },
  ])("gives [] for $name", async ({ status, body }) => {
    const registry = await startFakeServer((_req, res) => reply(res, status, {}, body));
    expect(await new RegistryClient(registry.url).tags("app")).toEqual([]);
  });

  it("throws on other statuses and on tags that are not strings", async () => {
    const denied = await startFakeServer((_req, res) => reply(res, 403, {}, '{"errors":[{"code":"DENIED"}]}'));
    await expect(new RegistryClient(denied.url).tags("app")).rejects.toBeInstanceOf(RegistryError);
    const bad = await startFakeServer((_req, res) => reply(res, 200, {}, '{"tags":[1,2]}'));
    await expect(new RegistryClient(bad.url).tags("app")).rejects.toBeInstanceOf(RegistryProtocolError);
  });

  it("refuses a Link that leads back to a page already read", async () => {
    let count = 0;
    const registry = await startFakeServer((_req, res) => {
      count++;
      reply(res, 200, { link: '</v2/app/tags/list?n=1000>; rel="next"' }, JSON.stringify({ tags: [`t${count}`] }));
    });
    await expect(new RegistryClient(registry.url).tags("app")).rejects.toThrow(/does not end/);
    expect(count).toBe(1);
  });

  it("stops when a next page brings no new tags", async () => {
    const registry = await startFakeServer((req, res) =>
      reply(res, 200, { link: `<${req.url}&again=1>; rel="next"` }, JSON.stringify({ tags: ["x"] })),
    );
    expect(await new RegistryClient(registry.url).tags("app")).toEqual(["x"]);
    expect(registry.requests).toHaveLength(2);
  });
});
