import { describe, expect, it } from "vitest";
import { RegistryAuthError } from "../../../grader/registry/auth-errors.js";
import { challengeAuth } from "../../../grader/registry/challenge-auth.js";
import { RegistryClient } from "../../../grader/registry/client.js";
import { reply, type SeenRequest, startFakeServer } from "../registry-client/fake-server.js";

const creds = { username: "ada", password: "s3cret" };
const basicValue = `Basic ${Buffer.from("ada:s3cret").toString("base64")}`;
const TAGS = JSON.stringify({ name: "app", tags: ["v1"] });

// A token server answering `status` with `body`; records what it saw.
function tokenServer(status = 200, body = JSON.stringify({ token: "good-token", expires_in: 300 })) {
  return startFakeServer((_req, res) => reply(res, status, { "content-type": "application/json" }, body));
}

// A registry that wants `Bearer good-token` and challenges with the given realm otherwise.
function bearerRegistry(realm: string) {
  return startFakeServer((req, res) => {
    if (req.headers.authorization === "Bearer good-token") return reply(res, 200, {}, TAGS);
    const challenge = `Bearer realm="${realm}",service="fake",scope="repository:app:pull"`;
    reply(res, 401, { "www-authenticate": challenge }, '{"errors":[{"code":"UNAUTHORIZED"}]}');
  });
}

const authHeaders = (requests: readonly SeenRequest[]) => requests.map((r) => r.headers.authorization);

describe("challenge-driven auth over HTTP", () => {
  it("gets a token with basic credentials from the realm and sends only the token to the registry", async () => {
    const tokens = await tokenServer();
    const registry = await bearerRegistry(`${tokens.url}/token`);
    const auth = challengeAuth({ registry: registry.url, credentials: async () => creds });
    expect(await new RegistryClient(registry.url, { auth }).tags("app")).toEqual(["v1"]);
    expect(authHeaders(tokens.requests)).toEqual([basicValue]);
    const query = new URL(tokens.requests[0]?.url ?? "", tokens.url).searchParams;
    expect(query.get("service")).toBe("fake");
    expect(query.getAll("scope")).toEqual(["repository:app:pull"]);
    expect(authHeaders(registry.requests)).toEqual([undefined, "Bearer good-token"]);
  });

  it("reuses the cached token: a second read goes straight through", async () => {
    const tokens = await tokenServer();
    const registry = await bearerRegistry(`${tokens.url}/token`);
    const client = new RegistryClient(registry.url, {
      auth: challengeAuth({ registry: registry.url, credentials: async () => creds }),
    });
    await client.tags("app");
    await client.tags("app");
    expect(tokens.requests).toHaveLength(1);
    expect(authHeaders(registry.requests)).toEqual([undefined, "Bearer good-token", "Bearer good-token"]);
  });

  it("refuses a token response larger than the bound", async () => {
    const huge = JSON.stringify({ token: "x".repeat(70 * 1024) });
    const tokens = await tokenServer(200, huge);
    const registry = await bearerRegistry(`${tokens.url}/token`);
    const auth = challengeAuth({ registry: registry.url, credentials: async () => creds });
    const error = await new RegistryClient(registry.url, { auth }).tags("app").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryAuthError);
    expect(error).toMatchObject({ reason: "token-server" });
    expect(String((error as Error).message)).toMatch(/larger than 65536 bytes/);
  });

  it.each([
    [401, creds, "refused"],
    [403, creds, "forbidden"],
    [401, undefined, "credentials-needed"],
    [500, creds, "token-server"],
  ] as const)("turns a %i from the token server into RegistryAuthError (%s)", async (status, given, reason) => {
    const tokens = await tokenServer(status, '{"details":"no"}');
    const registry = await bearerRegistry(`${tokens.url}/token`);
    const auth = challengeAuth({ registry: registry.url, credentials: async () => given });
    const error = await new RegistryClient(registry.url, { auth }).tags("app").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryAuthError);
    expect(error).toMatchObject({ reason, status, scopes: ["repository:app:pull"] });
    expect((error as RegistryAuthError).repositories).toEqual(["app"]);
  });

  it("answers a Basic challenge with the credentials, only on the registry's origin", async () => {
    const registry = await startFakeServer((req, res) => {
      if (req.headers.authorization === basicValue) return reply(res, 200, {}, TAGS);
      reply(res, 401, { "www-authenticate": 'Basic realm="labs"' });
    });
    const auth = challengeAuth({ registry: registry.url, credentials: async () => creds });
    expect(await new RegistryClient(registry.url, { auth }).tags("app")).toEqual(["v1"]);
    expect(authHeaders(registry.requests)).toEqual([undefined, basicValue]);
    expect(await auth.header(new URL("http://127.0.0.1:1/v2/"), "GET")).toBeUndefined();
  });

  it("reports refused Basic credentials and missing ones as RegistryAuthError", async () => {
    const registry = await startFakeServer((_req, res) => reply(res, 401, { "www-authenticate": 'Basic realm="x"' }));
    const wrong = challengeAuth({ registry: registry.url, credentials: async () => creds });
    await expect(new RegistryClient(registry.url, { auth: wrong }).tags("app")).rejects.toMatchObject({
      reason: "refused",
    });
    const none = challengeAuth({ registry: registry.url });
    await expect(new RegistryClient(registry.url, { auth: none }).tags("app")).rejects.toMatchObject({
      reason: "credentials-needed",
    });
  });

  it("reports a token the registry still refuses after the retry, never looping", async () => {
    const tokens = await tokenServer(200, JSON.stringify({ token: "useless-token" }));
    const registry = await bearerRegistry(`${tokens.url}/token`);
    const anonymous = challengeAuth({ registry: registry.url });
    await expect(new RegistryClient(registry.url, { auth: anonymous }).tags("app")).rejects.toMatchObject({
      reason: "credentials-needed",
      scopes: ["repository:app:pull"],
    });
    expect(registry.requests).toHaveLength(2);
  });

  it("never looks credentials up when the registry does not ask", async () => {
    const registry = await startFakeServer((_req, res) => reply(res, 200, {}, TAGS));
    let lookups = 0;
    const auth = challengeAuth({
      registry: registry.url,
      credentials: async () => {
        lookups++;
        return creds;
      },
    });
    await new RegistryClient(registry.url, { auth }).tags("app");
    expect(lookups).toBe(0);
    expect(authHeaders(registry.requests)).toEqual([undefined]);
  });
});
