import { describe, expect, it } from "vitest";
import {
  coversScopes,
  formatScope,
  mergeScopes,
  parseScopes,
  scopeKey,
  scopesForRequest,
} from "../../../grader/registry/scopes.js";

const url = (path: string) => new URL(path, "http://registry.test:5000");

describe("token scopes", () => {
  it("parses space-separated scopes, keeping colons in names and dropping malformed entries", () => {
    expect(parseScopes("repository:labs/hello:pull,push registry:catalog:* bogus repository::pull x:y:")).toEqual([
      { type: "repository", name: "labs/hello", actions: ["pull", "push"] },
      { type: "registry", name: "catalog", actions: ["*"] },
    ]);
    expect(parseScopes(undefined)).toEqual([]);
  });

  it("derives pull for reads and pull,push for writes from the request URL", () => {
    expect(scopesForRequest(url("/v2/labs/hello/manifests/v1"), "GET").map(formatScope)).toEqual([
      "repository:labs/hello:pull",
    ]);
    expect(scopesForRequest(url("/v2/labs/hello/blobs/uploads/"), "POST").map(formatScope)).toEqual([
      "repository:labs/hello:pull,push",
    ]);
    expect(scopesForRequest(url("/v2/a/b/tags/list"), "HEAD", true).map(formatScope)).toEqual([
      "repository:a/b:pull,push",
    ]);
    expect(scopesForRequest(url("/v2/"), "GET")).toEqual([]);
    expect(scopesForRequest(url("/v2/_catalog"), "GET")).toEqual([]);
  });

  it("adds pull on the source repository of a cross-repository mount", () => {
    const mount = url("/v2/dst/blobs/uploads/?mount=sha256:abc&from=src/app");
    expect(scopeKey(scopesForRequest(mount, "POST"))).toBe("repository:dst:pull,push repository:src/app:pull");
  });

  it("gives equal keys to equal sets and tells which sets cover others", () => {
    const pull = parseScopes("repository:x:pull");
    const both = parseScopes("repository:x:push,pull");
    expect(scopeKey(mergeScopes(pull, both))).toBe(scopeKey(parseScopes("repository:x:pull,push")));
    expect(scopeKey(pull)).not.toBe(scopeKey(both));
    expect(coversScopes(both, pull)).toBe(true);
    expect(coversScopes(pull, both)).toBe(false);
    expect(coversScopes(both, parseScopes("repository:y:pull"))).toBe(false);
    expect(coversScopes([], [])).toBe(true);
  });
});
