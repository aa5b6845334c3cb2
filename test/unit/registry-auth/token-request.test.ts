import { describe, expect, it } from "vitest";
import { RegistryAuthError } from "../../../grader/registry/auth-errors.js";
import { parseScopes } from "../../../grader/registry/scopes.js";
import {
  buildTokenRequest,
  DEFAULT_TOKEN_LIFETIME_MS,
  decodeTokenResponse,
  type TokenRequest,
} from "../../../grader/registry/token-request.js";
import { parseWwwAuthenticate } from "../../../grader/registry/www-authenticate.js";

const registry = new URL("https://registry.test");
const header =
  'Bearer realm="https://auth.test/token",service="registry.test",scope="repository:labs/hello:pull,push",error="insufficient_scope"';
const [challenge] = parseWwwAuthenticate(header);
const scopes = parseScopes("repository:labs/hello:pull,push repository:labs/base:pull");
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe("token requests from a Bearer challenge", () => {
  it("asks the realm with service, one scope parameter per scope and basic credentials", () => {
    if (!challenge) throw new Error("no challenge parsed");
    const req = buildTokenRequest(challenge, scopes, { username: "ada", password: "pw" }, registry);
    expect(req.method).toBe("GET");
    expect(req.url.origin).toBe("https://auth.test");
    expect(req.url.pathname).toBe("/token");
    expect(req.url.searchParams.get("service")).toBe("registry.test");
    expect(req.url.searchParams.getAll("scope")).toEqual([
      "repository:labs/hello:pull,push",
      "repository:labs/base:pull",
    ]);
    expect(req.url.searchParams.get("account")).toBe("ada");
    expect(req.credentials).toEqual({ username: "ada", password: "pw" });
  });

  it("asks anonymously without credentials: no account, no basic", () => {
    if (!challenge) throw new Error("no challenge parsed");
    const req = buildTokenRequest(challenge, scopes, undefined, registry);
    expect(req.credentials).toBeUndefined();
    expect(req.url.searchParams.has("account")).toBe(false);
  });

  it("exchanges an identity token with an OAuth2 refresh_token POST, never sending a password", () => {
    if (!challenge) throw new Error("no challenge parsed");
    const creds = { username: "ada", password: "unused", identityToken: "refresh-123" };
    const req = buildTokenRequest(challenge, scopes, creds, registry);
    expect(req.method).toBe("POST");
    expect(req.credentials).toBeUndefined();
    const form = new URLSearchParams(new TextDecoder().decode(req.body));
    expect(form.get("grant_type")).toBe("refresh_token");
    expect(form.get("refresh_token")).toBe("refresh-123");
    expect(form.get("scope")).toBe("repository:labs/hello:pull,push repository:labs/base:pull");
    expect(form.get("service")).toBe("registry.test");
  });

  it.each([
    ["no realm", 'Bearer service="x"'],
    ["a relative realm", 'Bearer realm="/token"'],
    ["a plain-http realm for an https registry", 'Bearer realm="http://auth.test/token"'],
    ["a realm with user info", 'Bearer realm="https://u:p@auth.test/token"'],
    ["a non-http realm", 'Bearer realm="file:///etc/passwd"'],
  ])("refuses %s", (_name, value) => {
    const [parsed] = parseWwwAuthenticate(value);
    if (!parsed) throw new Error("no challenge parsed");
    expect(() => buildTokenRequest(parsed, scopes, undefined, registry)).toThrow(RegistryAuthError);
  });
});

describe("token responses", () => {
  const req = { registry: "registry.test", scopes: [] } as unknown as TokenRequest;

  it("accepts `token` or `access_token` and honours expires_in, defaulting to 60 s", () => {
    expect(decodeTokenResponse(encode({ token: "t1", expires_in: 300 }), req)).toEqual({
      token: "t1",
      lifetimeMs: 300_000,
    });
    expect(decodeTokenResponse(encode({ access_token: "t2" }), req)).toEqual({
      token: "t2",
      lifetimeMs: DEFAULT_TOKEN_LIFETIME_MS,
    });
    expect(decodeTokenResponse(encode({ token: "", access_token: "t3", expires_in: -5 }), req).token).toBe("t3");
  });

  it.each([
    ["not JSON", new TextEncoder().encode("<html>")],
    ["no token", encode({ expires_in: 60 })],
    ["a non-string token", encode({ token: 42 })],
    ["a token that would split a header", encode({ token: "a\r\nX-Evil: 1" })],
    ["an array", encode(["t"])],
  ])("rejects %s", (_name, bytes) => {
    expect(() => decodeTokenResponse(bytes, req)).toThrow(RegistryAuthError);
  });
});
