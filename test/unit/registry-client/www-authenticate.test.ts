import { describe, expect, it } from "vitest";
import {
  type Authenticator,
  parseWwwAuthenticate,
  RegistryClient,
  RegistryError,
} from "../../../grader/registry/index.js";
import { reply, startFakeServer } from "./fake-server.js";

describe("parseWwwAuthenticate", () => {
  it.each([
    {
      header: 'Bearer realm="https://auth.example/token",service="registry.example",scope="repository:app:pull"',
      expected: [
        {
          scheme: "bearer",
          params: { realm: "https://auth.example/token", service: "registry.example", scope: "repository:app:pull" },
        },
      ],
    },
    { header: 'Basic realm="labs"', expected: [{ scheme: "basic", params: { realm: "labs" } }] },
    {
      header: 'Basic realm="a, b", Bearer realm="x",scope="repository:a:pull,push"',
      expected: [
        { scheme: "basic", params: { realm: "a, b" } },
        { scheme: "bearer", params: { realm: "x", scope: "repository:a:pull,push" } },
      ],
    },
    { header: 'Bearer realm="say \\"hi\\""', expected: [{ scheme: "bearer", params: { realm: 'say "hi"' } }] },
    { header: "Negotiate abc123==", expected: [{ scheme: "negotiate", params: { token68: "abc123==" } }] },
    { header: "", expected: [] },
  ])("parses $header", ({ header, expected }) => {
    expect(parseWwwAuthenticate(header)).toEqual(expected);
  });
});

describe("auth challenges", () => {
  it("retries once after an authenticator accepts a 401 challenge", async () => {
    const registry = await startFakeServer((req, res) =>
      req.headers.authorization === "Bearer t0k"
        ? reply(res, 200)
        : reply(res, 401, { "www-authenticate": 'Bearer realm="http://auth/token",service="reg"' }),
    );
    const seen: string[] = [];
    let token: string | undefined;
    const auth: Authenticator = {
      header: async () => (token ? `Bearer ${token}` : undefined),
      challenged: async (challenges) => {
        seen.push(`${challenges[0]?.scheme} ${challenges[0]?.params.service}`);
        token = "t0k";
        return true;
      },
    };
    expect((await new RegistryClient(registry.url, { auth }).ping()).status).toBe(200);
    expect(seen).toEqual(["bearer reg"]);
    expect(registry.requests).toHaveLength(2);
  });

  it("gives up after one retry and after a refused challenge", async () => {
    const registry = await startFakeServer((_req, res) =>
      reply(res, 401, { "www-authenticate": 'Basic realm="labs"' }, '{"errors":[{"code":"UNAUTHORIZED"}]}'),
    );
    const always: Authenticator = { header: async () => undefined, challenged: async () => true };
    const error = await new RegistryClient(registry.url, { auth: always }).tags("app").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).hasCode("UNAUTHORIZED")).toBe(true);
    expect(registry.requests).toHaveLength(2);
    await expect(new RegistryClient(registry.url).tags("app")).rejects.toMatchObject({ status: 401 });
    expect(registry.requests).toHaveLength(3);
  });
});
