import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildTar, RECORD_SIZE, type TarEntry } from "../../../runner/seed/index.js";
import { GOLDEN_TAR } from "./golden-spec.js";

const sha256 = (bytes: Uint8Array) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
const ascii = (bytes: Uint8Array, from: number, length: number) =>
  Buffer.from(bytes.subarray(from, from + length)).toString("latin1");

/** The header blocks of a tar, found by walking sizes (a minimal independent reader). */
function headers(tar: Uint8Array): { name: string; type: string; mode: string; size: number; block: Uint8Array }[] {
  const out = [];
  for (let offset = 0; tar[offset] !== 0; ) {
    const block = tar.subarray(offset, offset + 512);
    const size = Number.parseInt(ascii(block, 124, 11), 8);
    out.push({
      name: ascii(block, 0, 100).replace(/\0+$/, ""),
      type: ascii(block, 156, 1),
      mode: ascii(block, 100, 8),
      size,
      block,
    });
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

describe("buildTar", () => {
  it("produces the golden bytes for the fixed spec", () => {
    const tar = buildTar(GOLDEN_TAR);
    expect(tar.byteLength).toBe(20480);
    expect(sha256(tar)).toBe("sha256:4e8d5fe3cc9b51972bf1ca3f88e6bfcf5413e90c54afc9b7bc312c9d23752e1d");
  });

  it("gives identical bytes when built twice and different bytes when one file changes", () => {
    expect(sha256(buildTar(GOLDEN_TAR))).toBe(sha256(buildTar(GOLDEN_TAR)));
    const changed = GOLDEN_TAR.map((e) => (e.path === "etc/os-release" ? { ...e, content: "ID=other\n" } : e));
    expect(sha256(buildTar(changed as TarEntry[]))).not.toBe(sha256(buildTar(GOLDEN_TAR)));
  });

  it("keeps the listed order and writes mtime 0, uid/gid 0, empty uname/gname, ustar magic and a valid checksum", () => {
    const hs = headers(buildTar(GOLDEN_TAR)).filter((h) => h.type !== "x");
    expect(hs.map((h) => h.name.slice(0, 24))).toEqual([
      "etc/",
      "etc/os-release",
      "etc/motd",
      "etc/os-release.bak",
      "bin/tool",
      "app/.wh.secret.txt",
      "var/cache/.wh..wh..opq",
      "deep/ddddddddddddddddddd",
      "long-link",
      "etc/caf?.txt",
    ]);
    expect(hs.map((h) => h.type).join("")).toBe("5021000020");
    expect(hs.map((h) => h.mode)).toEqual(
      [
        "0000755",
        "0000644",
        "0000777",
        "0000644",
        "0000755",
        "0000644",
        "0000644",
        "0000644",
        "0000777",
        "0000600",
      ].map((m) => `${m}\0`),
    );
    for (const { block } of hs) {
      expect(ascii(block, 108, 16)).toBe("0000000\u00000000000\u0000"); // uid, gid
      expect(ascii(block, 136, 12)).toBe("00000000000\u0000"); // mtime
      expect(ascii(block, 257, 8)).toBe("ustar\u000000");
      expect(block.subarray(265, 512).every((b) => b === 0)).toBe(true); // uname, gname, dev numbers, prefix
      const sum = block.reduce((acc, b, i) => acc + (i >= 148 && i < 156 ? 32 : b), 0);
      expect(ascii(block, 148, 8)).toBe(`${sum.toString(8).padStart(6, "0")}\u0000 `);
    }
  });

  it("adds a PAX header only for names or link targets over 100 bytes or not ASCII", () => {
    const hs = headers(buildTar(GOLDEN_TAR));
    const paxIndexes = hs.flatMap((h, i) => (h.type === "x" ? [i] : []));
    expect(paxIndexes.map((i) => hs[i + 1]?.name.slice(0, 10))).toEqual(["deep/ddddd", "long-link", "etc/caf?.t"]);
    expect(hs.filter((h) => h.type === "x").every((h) => h.name === "././@PaxHeader")).toBe(true);
    const short = buildTar([{ type: "file", path: `${"n".repeat(100)}`, content: "" }]);
    expect(headers(short).map((h) => h.type)).toEqual(["0"]);
    const long = buildTar([{ type: "file", path: `${"n".repeat(101)}`, content: "" }]);
    expect(headers(long).map((h) => h.type)).toEqual(["x", "0"]);
  });

  it("ends with two zero blocks and pads to a 10240-byte record", () => {
    const tar = buildTar([{ type: "file", path: "a", content: "x" }]);
    expect(tar.byteLength).toBe(RECORD_SIZE);
    expect(tar.subarray(1024).every((b) => b === 0)).toBe(true);
    expect(buildTar([]).byteLength).toBe(RECORD_SIZE);
  });

  it("inserts parent directories only with addParents, before the first member that needs them", () => {
    const entries: TarEntry[] = [
      { type: "file", path: "a/b/c.txt", content: "c" },
      { type: "file", path: "a/b/d.txt", content: "d" },
      { type: "dir", path: "x/" },
      { type: "file", path: "x/y", content: "y" },
    ];
    expect(headers(buildTar(entries)).map((h) => h.name)).toEqual(["a/b/c.txt", "a/b/d.txt", "x/", "x/y"]);
    expect(headers(buildTar(entries, { addParents: true })).map((h) => `${h.name} ${h.mode.trim()}`)).toEqual([
      "a/ 0000755\0",
      "a/b/ 0000755\0",
      "a/b/c.txt 0000644\0",
      "a/b/d.txt 0000644\0",
      "x/ 0000755\0",
      "x/y 0000644\0",
    ]);
  });

  it("stores string content as UTF-8 and byte content unchanged", () => {
    const bytes = new Uint8Array([0, 255, 10]);
    const tar = buildTar([
      { type: "file", path: "s", content: "é" },
      { type: "file", path: "b", content: bytes },
    ]);
    expect([...tar.subarray(512, 514)]).toEqual([0xc3, 0xa9]);
    expect([...tar.subarray(1536, 1539)]).toEqual([0, 255, 10]);
  });

  it.each<{ name: string; entry: unknown; message: RegExp }>([
    { name: "absolute path", entry: { type: "file", path: "/etc/x", content: "" }, message: /relative/ },
    { name: "empty path", entry: { type: "dir", path: "" }, message: /non-empty/ },
    { name: "dot-dot segment", entry: { type: "file", path: "a/../b", content: "" }, message: /"\.\."/ },
    { name: "empty segment", entry: { type: "file", path: "a//b", content: "" }, message: /empty/ },
    { name: "file ending in /", entry: { type: "file", path: "a/", content: "" }, message: /only a directory/ },
    { name: "NUL in path", entry: { type: "file", path: "a\0b", content: "" }, message: /NUL/ },
    { name: "lone surrogate", entry: { type: "file", path: "a\ud800", content: "" }, message: /surrogate/ },
    { name: "mode above 0o7777", entry: { type: "file", path: "a", content: "", mode: 0o10000 }, message: /mode/ },
    { name: "fractional mode", entry: { type: "dir", path: "a", mode: 1.5 }, message: /mode/ },
    { name: "content neither string nor bytes", entry: { type: "file", path: "a", content: 42 }, message: /content/ },
    { name: "empty symlink target", entry: { type: "symlink", path: "a", target: "" }, message: /target/ },
    { name: "absolute hard link target", entry: { type: "hardlink", path: "a", target: "/b" }, message: /relative/ },
    { name: "unknown type", entry: { type: "fifo", path: "a" }, message: /unknown type/ },
  ])("rejects $name", ({ entry, message }) => {
    expect(() => buildTar([entry as TarEntry])).toThrow(message);
  });
});
