import { describe, expect, it } from "vitest";
import {
  isRepositoryName,
  isTag,
  parseDigestParam,
  parseManifestReference,
} from "../../../runner/registry/embedded/validate/names.js";

describe("repository names (distribution-spec grammar)", () => {
  it.each(["a", "library/alpine", "lab14/search-indexer", "a.b_c__d---e/f0", "x/y/z/w", "0/1"])(
    "accepts %s",
    (name) => {
      expect(isRepositoryName(name)).toBe(true);
    },
  );

  it.each(["", "A", "a/", "/a", "a//b", "a/../b", "..", "a/.b", "_a", "a_", "a___b", "a b", "a\0b", "a:b", "é"])(
    "rejects %j",
    (name) => {
      expect(isRepositoryName(name)).toBe(false);
    },
  );

  it("accepts 255 characters and rejects 256", () => {
    expect(isRepositoryName("a".repeat(255))).toBe(true);
    expect(isRepositoryName("a".repeat(256))).toBe(false);
  });
});

describe("tags", () => {
  it.each(["latest", "v1.0.0", "_x", "A-b.C_9", "a".repeat(128)])("accepts %s", (tag) => {
    expect(isTag(tag)).toBe(true);
  });

  it.each(["", ".hidden", "-x", "a/b", "a:b", "a".repeat(129), "..", "a b"])("rejects %j", (tag) => {
    expect(isTag(tag)).toBe(false);
  });
});

describe("manifest references", () => {
  it("reads a digest when there is a colon and a tag otherwise", () => {
    const digest = `sha256:${"0".repeat(64)}`;
    expect(parseManifestReference(digest)).toEqual({ digest });
    expect(parseManifestReference("v1")).toEqual({ tag: "v1" });
  });

  it("rejects a malformed digest with DIGEST_INVALID and a malformed tag with TAG_INVALID", () => {
    expect(() => parseManifestReference("sha256:00")).toThrow(/DIGEST_INVALID/);
    expect(() => parseManifestReference("..")).toThrow(/TAG_INVALID/);
  });
});

describe("digest parameters", () => {
  it("accepts sha256 and sha512", () => {
    expect(parseDigestParam(`sha512:${"f".repeat(128)}`)).toBe(`sha512:${"f".repeat(128)}`);
  });

  it.each([null, "", "sha256", `sha384:${"0".repeat(96)}`, `sha256:${"G".repeat(64)}`, `sha256:${"0".repeat(63)}`])(
    "rejects %j with DIGEST_INVALID",
    (value) => {
      expect(() => parseDigestParam(value)).toThrow(/DIGEST_INVALID/);
    },
  );
});
