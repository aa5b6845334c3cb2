import { describe, expect, it } from "vitest";
import { collectHeaders } from "../../../grader/registry/headers.js";
import { RegistryClient } from "../../../grader/registry/index.js";
import { startFakeServer } from "./fake-server.js";

describe("collectHeaders", () => {
  const headers = collectHeaders([
    "Content-Type",
    "application/json",
    "Link",
    '</v2/a?last=x>; rel="prev"',
    "LINK",
    ' </v2/a?last=y>; rel="next" ',
    "Location",
    "/one",
    "location",
    "/two",
  ]);

  it("reads names case-insensitively", () => {
    expect(headers.get("content-type")).toBe("application/json");
    expect(headers.get("CONTENT-TYPE")).toBe("application/json");
    expect(headers.has("Content-Type")).toBe(true);
  });

  it("joins repeated fields with `, ` and trims each value, as fetch's Headers does", () => {
    expect(headers.get("link")).toBe('</v2/a?last=x>; rel="prev", </v2/a?last=y>; rel="next"');
    expect(headers.get("location")).toBe("/one, /two");
  });

  it("answers undefined and false for a field that is absent", () => {
    expect(headers.get("docker-content-digest")).toBeUndefined();
    expect(headers.has("docker-content-digest")).toBe(false);
    expect(collectHeaders([]).has("")).toBe(false);
  });
});

describe("repeated Link fields on the wire", () => {
  it("follows a rel=next link sent in a second Link field", async () => {
    const server = await startFakeServer((req, res) => {
      const first = !req.url.includes("last=");
      if (first)
        res.setHeader("link", ['</v2/app/tags/list?n=1>; rel="first"', '</v2/app/tags/list?last=a>; rel="next"']);
      res.writeHead(200);
      res.end(JSON.stringify({ tags: first ? ["a"] : ["b"] }));
    });
    expect(await new RegistryClient(server.url).tags("app")).toEqual(["a", "b"]);
    expect(server.requests.map((r) => r.url)).toEqual(["/v2/app/tags/list?n=1000", "/v2/app/tags/list?last=a"]);
  });
});

describe("request headers", () => {
  it("names the client as fetch did and sends no Accept-Encoding, so bodies arrive as stored", async () => {
    const server = await startFakeServer((_req, res) => {
      res.writeHead(200);
      res.end('{"tags":[]}');
    });
    await new RegistryClient(server.url).tags("app");
    expect(server.requests[0]?.headers["user-agent"]).toBe("node");
    expect(server.requests[0]?.headers["accept-encoding"]).toBeUndefined();
  });
});
