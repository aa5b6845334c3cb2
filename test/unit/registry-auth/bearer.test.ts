import { describe, expect, it } from "vitest";
import { bearerAuth, expiryOf } from "../../../grader/registry/bearer.js";
import type { TokenRequest } from "../../../grader/registry/token-request.js";
import { parseWwwAuthenticate } from "../../../grader/registry/www-authenticate.js";

const REGISTRY = "http://registry.test:5000";
const at = (path: string) => new URL(path, REGISTRY);
const challengeFor = (scope?: string) =>
  parseWwwAuthenticate(`Bearer realm="http://auth.test/token",service="svc"${scope ? `,scope="${scope}"` : ""}`);

// A token server stand-in: hands out numbered tokens and records the scopes asked for.
function fakeTokens(lifetimeMs = 300_000) {
  const asked: string[][] = [];
  const fetchToken = async (req: TokenRequest) => {
    asked.push([...req.scopes]);
    return { token: `tok-${asked.length}`, lifetimeMs };
  };
  return { asked, fetchToken };
}

describe("bearer token flow", () => {
  it("sends nothing before a challenge, then a token for the challenged scope", async () => {
    const tokens = fakeTokens();
    const auth = bearerAuth({ registry: REGISTRY, fetchToken: tokens.fetchToken });
    const url = at("/v2/labs/hello/manifests/v1");
    expect(await auth.header(url, "GET")).toBeUndefined();
    expect(await auth.challenged(challengeFor("repository:labs/hello:pull"), url, "GET")).toBe(true);
    expect(await auth.header(url, "GET")).toBe("Bearer tok-1");
    expect(tokens.asked).toEqual([["repository:labs/hello:pull"]]);
  });

  it("caches tokens per scope set: pull for reads, pull,push for writes, reused while valid", async () => {
    const tokens = fakeTokens();
    const auth = bearerAuth({ registry: REGISTRY, fetchToken: tokens.fetchToken });
    const read = at("/v2/labs/hello/manifests/v1");
    await auth.challenged(challengeFor("repository:labs/hello:pull"), read, "GET");
    expect(await auth.header(read, "HEAD")).toBe("Bearer tok-1");
    const write = at("/v2/labs/hello/blobs/uploads/");
    expect(await auth.header(write, "POST")).toBe("Bearer tok-2");
    expect(await auth.header(write, "POST")).toBe("Bearer tok-2");
    expect(await auth.header(at("/v2/labs/other/tags/list"), "GET")).toBe("Bearer tok-3");
    expect(tokens.asked).toEqual([
      ["repository:labs/hello:pull"],
      ["repository:labs/hello:pull,push"],
      ["repository:labs/other:pull"],
    ]);
  });

  it("asks for push on reads too when built for a writer, and reuses that token for reads", async () => {
    const tokens = fakeTokens();
    const auth = bearerAuth({ registry: REGISTRY, push: true, fetchToken: tokens.fetchToken });
    const head = at("/v2/app/blobs/sha256:00");
    await auth.challenged(challengeFor("repository:app:pull"), head, "HEAD");
    expect(await auth.header(at("/v2/app/blobs/uploads/"), "POST")).toBe("Bearer tok-1");
    expect(tokens.asked).toEqual([["repository:app:pull,push"]]);
  });

  it("adds what the challenge names (delete) and remembers it for the same kind of request", async () => {
    const tokens = fakeTokens();
    const auth = bearerAuth({ registry: REGISTRY, fetchToken: tokens.fetchToken });
    const del = at("/v2/app/manifests/sha256:00");
    await auth.challenged(challengeFor("repository:app:delete"), del, "DELETE");
    expect(tokens.asked).toEqual([["repository:app:delete,pull,push"]]);
    expect(await auth.header(at("/v2/app/manifests/sha256:11"), "DELETE")).toBe("Bearer tok-1");
    expect(tokens.asked).toHaveLength(1);
  });

  it("fetches a new token once the old one is within its expiry margin (injected clock)", async () => {
    let now = 1_000_000;
    const tokens = fakeTokens(60_000);
    const auth = bearerAuth({ registry: REGISTRY, fetchToken: tokens.fetchToken, now: () => now });
    const url = at("/v2/app/tags/list");
    await auth.challenged(challengeFor("repository:app:pull"), url, "GET");
    now += 53_000;
    expect(await auth.header(url, "GET")).toBe("Bearer tok-1");
    now += 1_500;
    expect(await auth.header(url, "GET")).toBe("Bearer tok-2");
    expect(expiryOf(0, 60_000)).toBe(54_000);
    expect(expiryOf(0, 3_600_000)).toBe(3_590_000);
  });

  it("drops a token the registry rejected and fetches a fresh one on the next challenge", async () => {
    const tokens = fakeTokens();
    const auth = bearerAuth({ registry: REGISTRY, fetchToken: tokens.fetchToken });
    const url = at("/v2/app/tags/list");
    await auth.challenged(challengeFor("repository:app:pull"), url, "GET");
    await auth.challenged(challengeFor("repository:app:pull"), url, "GET");
    expect(await auth.header(url, "GET")).toBe("Bearer tok-2");
  });

  it("asks once for concurrent requests of the same scope", async () => {
    const tokens = fakeTokens();
    const auth = bearerAuth({ registry: REGISTRY, fetchToken: tokens.fetchToken });
    await auth.challenged(challengeFor(), at("/v2/"), "GET");
    const url = at("/v2/app/blobs/sha256:00");
    const headers = await Promise.all([1, 2, 3, 4].map(() => auth.header(url, "GET")));
    expect(new Set(headers)).toEqual(new Set(["Bearer tok-2"]));
    expect(tokens.asked).toEqual([[], ["repository:app:pull"]]);
  });

  it("never hands a token to another origin and ignores challenges from one", async () => {
    const tokens = fakeTokens();
    const auth = bearerAuth({ registry: REGISTRY, fetchToken: tokens.fetchToken });
    await auth.challenged(challengeFor("repository:app:pull"), at("/v2/app/tags/list"), "GET");
    expect(await auth.header(new URL("http://registry.test:5001/v2/app/tags/list"), "GET")).toBeUndefined();
    expect(await auth.header(new URL("https://registry.test:5000/v2/app/tags/list"), "GET")).toBeUndefined();
    const foreign = new URL("http://evil.test/v2/app/tags/list");
    expect(await auth.challenged(challengeFor("repository:app:pull"), foreign, "GET")).toBe(false);
    expect(tokens.asked).toHaveLength(1);
  });

  it("does not take part when the challenge is not Bearer", async () => {
    const auth = bearerAuth({ registry: REGISTRY, fetchToken: fakeTokens().fetchToken });
    expect(await auth.challenged(parseWwwAuthenticate('Basic realm="x"'), at("/v2/"), "GET")).toBe(false);
  });
});
