import { describe, expect, it } from "vitest";
import {
  createDigestHasher,
  DigestFormatError,
  digestAlgorithm,
  digestHex,
  digestOf,
  digestOfStream,
  isDigest,
  parseDigest,
} from "../../../grader/oci/digest.js";

const HEX64 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const HEX128 = "a".repeat(128);

describe("parseDigest", () => {
  it.each([`sha256:${HEX64}`, `sha512:${HEX128}`])("accepts %s", (input) => {
    expect(parseDigest(input)).toBe(input);
    expect(isDigest(input)).toBe(true);
  });

  it.each([
    { name: "upper-case hex", input: `sha256:${HEX64.toUpperCase()}`, reason: /lower-case/ },
    { name: "one hex character short", input: `sha256:${HEX64.slice(1)}`, reason: /64 hex characters, got 63/ },
    { name: "one hex character long", input: `sha256:${HEX64}0`, reason: /got 65/ },
    { name: "sha384", input: `sha384:${"a".repeat(96)}`, reason: /unsupported algorithm "sha384"/ },
    { name: "missing colon", input: `sha256${HEX64}`, reason: /algorithm:hex/ },
    { name: "empty", input: "", reason: /algorithm:hex/ },
    { name: "non-hex characters", input: `sha256:${"g".repeat(64)}`, reason: /lower-case 0-9 and a-f/ },
    { name: "upper-case algorithm", input: `SHA256:${HEX64}`, reason: /unsupported algorithm/ },
    { name: "sha512 with a sha256 length", input: `sha512:${HEX64}`, reason: /128 hex characters/ },
  ])("rejects $name", ({ input, reason }) => {
    expect(() => parseDigest(input)).toThrow(DigestFormatError);
    expect(() => parseDigest(input)).toThrow(reason);
    expect(isDigest(input)).toBe(false);
  });

  it("isDigest rejects non-strings", () => {
    expect(isDigest(42)).toBe(false);
    expect(isDigest(undefined)).toBe(false);
  });
});

describe("digest helpers", () => {
  it("digests bytes with sha256 by default (known vector: the empty string)", () => {
    expect(digestOf(new Uint8Array(0))).toBe(`sha256:${HEX64}`);
  });

  it("splits algorithm and hex", () => {
    const d = parseDigest(`sha256:${HEX64}`);
    expect(digestAlgorithm(d)).toBe("sha256");
    expect(digestHex(d)).toBe(HEX64);
  });

  it("hashes incrementally to the same digest as in one piece", async () => {
    const hasher = createDigestHasher();
    hasher.update(new TextEncoder().encode("hello "));
    hasher.update(new TextEncoder().encode("world"));
    expect(hasher.digest()).toBe(digestOf("hello world"));
    expect(hasher.bytes).toBe(11);
    async function* chunks() {
      yield new TextEncoder().encode("hello ");
      yield new TextEncoder().encode("world");
    }
    expect(await digestOfStream(chunks())).toEqual({ digest: digestOf("hello world"), size: 11 });
  });
});
