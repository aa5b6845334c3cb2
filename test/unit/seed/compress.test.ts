import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { buildTar, type Compression, compress, gzip } from "../../../runner/seed/index.js";
import { GOLDEN_TAR } from "./golden-spec.js";

const sha256 = (bytes: Uint8Array) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
const tar = buildTar(GOLDEN_TAR);

describe("gzip", () => {
  // pako 2.1.0 output for the golden tar. The same bytes come from Python's gzip.GzipFile(mtime=0) on this
  // machine; node:zlib's deflate gives other bytes, which is why it is never used for writing.
  it.each([
    { level: 1, xfl: 4, digest: "sha256:210a6042679ef773908050d1c36e0daaba509117969ba3cfc34514d2c91b8feb" },
    { level: 6, xfl: 0, digest: "sha256:980a8764cb72a08ee0f4567d8c02f2f11350a60f2216fc0368314d5c13c7a3d6" },
    { level: 9, xfl: 2, digest: "sha256:88b80686f6eaa1005948a7704ca52af331f2c9df7da01958cd5e802ac64e0bee" },
  ])("level $level gives the golden digest, a fixed header and the tar back", ({ level, xfl, digest }) => {
    const gz = gzip(tar, level);
    expect(sha256(gz)).toBe(digest);
    // magic, deflate, no flags (no name), mtime 0, XFL (2 best, 4 fastest, 0 otherwise), OS 255 unknown
    expect([...gz.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, xfl, 255]);
    expect(Buffer.from(gunzipSync(gz)).equals(Buffer.from(tar))).toBe(true);
  });

  it("defaults to level 9", () => {
    expect(sha256(gzip(tar))).toBe(sha256(gzip(tar, 9)));
    expect(sha256(gzip(tar, 1))).not.toBe(sha256(gzip(tar, 9)));
  });

  it("is deterministic and depends on the input", () => {
    expect(sha256(gzip(tar))).toBe(sha256(gzip(buildTar(GOLDEN_TAR))));
    expect(sha256(gzip(new TextEncoder().encode("a")))).not.toBe(sha256(gzip(new TextEncoder().encode("b"))));
  });

  it.each([-1, 10, 2.5, Number.NaN])("rejects level %s", (level) => {
    expect(() => gzip(tar, level)).toThrow(/level must be an integer from 0 to 9/);
  });
});

describe("compress", () => {
  it('returns the tar unchanged for "none" and gzip bytes for "gzip"', () => {
    expect(compress(tar, "none")).toBe(tar);
    expect(sha256(compress(tar, "gzip", 6))).toBe(sha256(gzip(tar, 6)));
  });

  it("rejects compressions it cannot write (zstd has no pure-JS compressor)", () => {
    expect(() => compress(tar, "zstd" as Compression)).toThrow(/unsupported compression "zstd"/);
  });
});
