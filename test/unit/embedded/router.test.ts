import { describe, expect, it } from "vitest";
import { RegistryError } from "../../../runner/registry/embedded/http/errors.js";
import { decodeRequestPath, parseRoute } from "../../../runner/registry/embedded/http/router.js";

const D = `sha256:${"a".repeat(64)}`;

function errorOf(fn: () => unknown): RegistryError {
  try {
    fn();
  } catch (err) {
    if (err instanceof RegistryError) return err;
    throw err;
  }
  throw new Error("expected a RegistryError");
}

describe("parseRoute", () => {
  it.each([
    ["GET", "/v2/", { kind: "base" }],
    ["GET", "/v2", { kind: "base" }],
    ["GET", "/v2/_catalog", { kind: "catalog" }],
    ["GET", "/v2/a/b/c/tags/list", { kind: "tags", name: "a/b/c" }],
    ["PUT", "/v2/lab/app/manifests/v1.0", { kind: "manifest", name: "lab/app", reference: { tag: "v1.0" } }],
    ["DELETE", `/v2/lab/app/manifests/${D}`, { kind: "manifest", name: "lab/app", reference: { digest: D } }],
    ["HEAD", `/v2/app/blobs/${D}`, { kind: "blob", name: "app", digest: D }],
    ["POST", "/v2/app/blobs/uploads/", { kind: "upload-start", name: "app" }],
    ["POST", "/v2/app/blobs/uploads", { kind: "upload-start", name: "app" }],
    ["PATCH", "/v2/app/blobs/uploads/0b6e-42", { kind: "upload", name: "app", id: "0b6e-42" }],
    ["GET", `/v2/x/referrers/${D}`, { kind: "referrers", name: "x", digest: D }],
    // the name group is greedy, as in distribution: a repository may be called ".../manifests/..."
    ["GET", "/v2/a/manifests/b/manifests/c", { kind: "manifest", name: "a/manifests/b", reference: { tag: "c" } }],
  ])("%s %s", (method, path, expected) => {
    expect(parseRoute(method, path)).toEqual(expected);
  });

  it.each([
    ["/v2/Upper/tags/list", "NAME_INVALID"],
    ["/v2/../etc/tags/list", "NAME_INVALID"],
    ["/v2/a//b/tags/list", "NAME_INVALID"],
    ["/v2/a/manifests/-tag", "TAG_INVALID"],
    ["/v2/a/manifests/sha256:abc", "DIGEST_INVALID"],
    [`/v2/a/blobs/${D.toUpperCase()}`, "DIGEST_INVALID"],
    ["/v2/a/blobs/sha1:0123456789012345678901234567890123456789", "DIGEST_INVALID"],
    ["/v2/a/referrers/latest", "DIGEST_INVALID"],
    ["/v2/a/blobs/uploads/not_an_id!", "BLOB_UPLOAD_UNKNOWN"],
    ["/v3/", "NOT_FOUND"],
    ["/v2/a/unknown/thing", "NOT_FOUND"],
  ])("rejects GET %s with %s", (path, code) => {
    expect(errorOf(() => parseRoute("GET", path)).code).toBe(code);
  });

  it("answers 405 with the allowed methods for a wrong method", () => {
    const err = errorOf(() => parseRoute("POST", `/v2/app/blobs/${D}`));
    expect(err.status).toBe(405);
    expect(err.code).toBe("UNSUPPORTED");
    expect(err.headers.Allow).toBe("GET, HEAD, DELETE");
  });

  it("rejects a name longer than 255 characters", () => {
    const long = `${"a".repeat(200)}/${"b".repeat(60)}`;
    expect(errorOf(() => parseRoute("GET", `/v2/${long}/tags/list`)).code).toBe("NAME_INVALID");
  });
});

describe("decodeRequestPath", () => {
  it("decodes percent-escapes, so an encoded name is validated as decoded", () => {
    expect(decodeRequestPath("/v2/a%2Fb/tags/list")).toBe("/v2/a/b/tags/list");
    expect(errorOf(() => parseRoute("GET", decodeRequestPath("/v2/%2E%2E/tags/list"))).code).toBe("NAME_INVALID");
  });

  it("rejects malformed escapes", () => {
    expect(errorOf(() => decodeRequestPath("/v2/%zz/tags/list")).code).toBe("NOT_FOUND");
  });
});
