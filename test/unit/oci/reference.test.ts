import { describe, expect, it } from "vitest";
import { digestOf } from "../../../grader/oci/digest.js";
import {
  formatReference,
  isValidRepositoryName,
  isValidTag,
  parseReference,
  ReferenceFormatError,
} from "../../../grader/oci/reference.js";

const D = digestOf("x");

describe("parseReference: accepted references, normalised", () => {
  it.each([
    { input: "ubuntu", registry: "docker.io", repository: "library/ubuntu", tag: "latest" },
    { input: "ubuntu:22.04", registry: "docker.io", repository: "library/ubuntu", tag: "22.04" },
    { input: "user/app", registry: "docker.io", repository: "user/app", tag: "latest" },
    { input: "docker.io/ubuntu", registry: "docker.io", repository: "library/ubuntu", tag: "latest" },
    { input: "index.docker.io/user/app:v1", registry: "docker.io", repository: "user/app", tag: "v1" },
    { input: "localhost/app", registry: "localhost", repository: "app", tag: "latest" },
    { input: "localhost:5000/app", registry: "localhost:5000", repository: "app", tag: "latest" },
    { input: `localhost:5000/a/b:tag@${D}`, registry: "localhost:5000", repository: "a/b", tag: "tag", digest: D },
    { input: `app@${D}`, registry: "docker.io", repository: "library/app", digest: D },
    { input: "[::1]:5000/x", registry: "[::1]:5000", repository: "x", tag: "latest" },
    { input: "[2001:db8::1]/x:v2", registry: "[2001:db8::1]", repository: "x", tag: "v2" },
    { input: "registry.example.com/a/b/c", registry: "registry.example.com", repository: "a/b/c", tag: "latest" },
    {
      input: "my-registry:5000/team/app:1.0-rc_1",
      registry: "my-registry:5000",
      repository: "team/app",
      tag: "1.0-rc_1",
    },
    { input: "Example.COM/app", registry: "Example.COM", repository: "app", tag: "latest" },
    { input: "user/a.b_c__d-e--f", registry: "docker.io", repository: "user/a.b_c__d-e--f", tag: "latest" },
    { input: "app:_tag", registry: "docker.io", repository: "library/app", tag: "_tag" },
    { input: `app:${"t".repeat(128)}`, registry: "docker.io", repository: "library/app", tag: "t".repeat(128) },
    { input: "localhost:5000", registry: "docker.io", repository: "library/localhost", tag: "5000" },
  ])("$input", ({ input, ...expected }) => {
    const ref = parseReference(input);
    expect(ref).toEqual(expected);
    expect(parseReference(formatReference(ref))).toEqual(ref);
  });

  it("formats the canonical form", () => {
    expect(formatReference(parseReference("ubuntu"))).toBe("docker.io/library/ubuntu:latest");
    expect(formatReference(parseReference(`localhost:5000/a/b:tag@${D}`))).toBe(`localhost:5000/a/b:tag@${D}`);
    expect(formatReference(parseReference(`[::1]:5000/x@${D}`))).toBe(`[::1]:5000/x@${D}`);
  });
});

describe("parseReference: rejected references, with a specific reason", () => {
  it.each([
    { input: "", code: "EMPTY", reason: "reference is empty" },
    { input: "Ubuntu", code: "UPPERCASE", reason: "repository must be lowercase" },
    { input: "localhost:5000/App", code: "UPPERCASE", reason: "repository must be lowercase" },
    { input: `app:${"t".repeat(129)}`, code: "TAG_TOO_LONG", reason: "tag is longer than 128 characters" },
    { input: "app:.hidden", code: "INVALID_TAG", reason: "must not start with `.` or `-`" },
    { input: "app:-x", code: "INVALID_TAG", reason: "must not start" },
    { input: "app:a+b", code: "INVALID_TAG", reason: "may use only" },
    { input: "app:", code: "INVALID_TAG", reason: "tag is empty" },
    { input: "localhost:abc/x", code: "INVALID_PORT", reason: "invalid port" },
    { input: "localhost:99999/x", code: "INVALID_PORT", reason: "invalid port" },
    { input: "localhost:0/x", code: "INVALID_PORT", reason: "invalid port" },
    { input: "localhost:/x", code: "INVALID_PORT", reason: "invalid port" },
    { input: "::1/x", code: "INVALID_HOST", reason: "in brackets" },
    { input: "[::1/x", code: "INVALID_HOST", reason: "invalid registry host" },
    { input: "bad_host.io/x", code: "INVALID_HOST", reason: "invalid registry host" },
    { input: "-bad.io/x", code: "INVALID_HOST", reason: "invalid registry host" },
    { input: "http://localhost:5000/x", code: "HAS_SCHEME", reason: "remove the scheme" },
    { input: "a//b", code: "INVALID_PATH", reason: "empty component" },
    { input: "localhost:5000/", code: "INVALID_PATH", reason: "empty component" },
    { input: "a/", code: "INVALID_PATH", reason: "empty component" },
    { input: "a..b", code: "INVALID_PATH", reason: 'component "a..b"' },
    { input: "-a", code: "INVALID_PATH", reason: "invalid repository path component" },
    { input: "a_", code: "INVALID_PATH", reason: "invalid repository path component" },
    { input: "a b", code: "INVALID_PATH", reason: "invalid repository path component" },
    { input: "app@sha256:abc", code: "INVALID_DIGEST", reason: "64 hex characters" },
    { input: `app@sha384:${"a".repeat(96)}`, code: "INVALID_DIGEST", reason: "unsupported algorithm" },
    { input: `app@${D.toUpperCase().replace("SHA256", "sha256")}`, code: "INVALID_DIGEST", reason: "lower-case" },
    { input: "app@", code: "INVALID_DIGEST", reason: "invalid digest" },
    { input: "a".repeat(64).replace(/a/g, "f"), code: "HEX_NAME", reason: "image ID" },
    { input: `registry.io/${"a".repeat(250)}`, code: "NAME_TOO_LONG", reason: "longer than 255 characters" },
  ])("$input → $code", ({ input, code, reason }) => {
    let caught: unknown;
    try {
      parseReference(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ReferenceFormatError);
    expect(caught).toMatchObject({ code, input });
    expect((caught as ReferenceFormatError).reason).toContain(reason);
  });

  it("allows exactly 255 characters of name", () => {
    const repository = "a".repeat(255 - "registry.io/".length);
    expect(parseReference(`registry.io/${repository}`).repository).toBe(repository);
  });
});

describe("registry-side name and tag checks (distribution-spec)", () => {
  it.each(["a", "library/ubuntu", "a.b/c_d/e__f/g-h/i---j", "0/1", `${"a".repeat(255)}`])("valid name %s", (name) => {
    expect(isValidRepositoryName(name)).toBe(true);
  });

  it.each(["", "A", "a/", "/a", "a//b", "a..b", "a_", "_a", "a___b", "a:b", "localhost:5000/a", "a".repeat(256)])(
    "invalid name %j",
    (name) => {
      expect(isValidRepositoryName(name)).toBe(false);
    },
  );

  it.each(["v1", "latest", "_", "V1.0-rc_2", "a".repeat(128)])("valid tag %s", (tag) => {
    expect(isValidTag(tag)).toBe(true);
  });

  it.each(["", ".a", "-a", "a/b", "a:b", "a@b", "a".repeat(129)])("invalid tag %j", (tag) => {
    expect(isValidTag(tag)).toBe(false);
  });
});
