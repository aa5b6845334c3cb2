import { describe, expect, it } from "vitest";
import { OciFormatError } from "../../../grader/oci/format-error.js";
import { LimitExceededError } from "../../../grader/oci/limits.js";
import {
  isOpaqueWhiteout,
  isWhiteout,
  readTarEntries,
  type TarEntry,
  type TarReadOptions,
  whiteoutTarget,
} from "../../../grader/oci/tar.js";
import { archive, concat, entry, gnuLong, header, pax } from "./tar-writer.js";

const BOUNDS: TarReadOptions = { maxEntries: 100, maxEntryBytes: 1024 * 1024 };

async function* chunks(bytes: Uint8Array, size = 4096) {
  for (let at = 0; at < bytes.byteLength; at += size) yield bytes.subarray(at, at + size);
}

async function read(bytes: Uint8Array, options: Partial<TarReadOptions> = {}, size?: number): Promise<TarEntry[]> {
  const entries: TarEntry[] = [];
  for await (const e of readTarEntries(chunks(bytes, size), { ...BOUNDS, ...options })) entries.push(e);
  return entries;
}

async function failure(bytes: Uint8Array, options: Partial<TarReadOptions> = {}): Promise<unknown> {
  try {
    await read(bytes, options);
  } catch (error) {
    return error;
  }
  throw new Error("expected readTarEntries to fail");
}

const text = (e: TarEntry | undefined) => new TextDecoder().decode(e?.content);

describe("readTarEntries: entries and their fields", () => {
  const layer = archive(
    entry({ name: "./", type: "5", mode: 0o755 }),
    entry({ name: "./app/", type: "5", mode: 0o755 }),
    entry({ name: "./app/hello.txt", mode: 0o644, uid: 1000 }, "hello\n"),
    entry({ name: "/etc/motd" }, "welcome"),
    entry({ name: "app/link", type: "2", linkname: "../etc/motd" }),
    entry({ name: "app/hard", type: "1", linkname: "./app/hello.txt" }),
    entry({ name: "dev/null", type: "3" }),
  );

  it("reads types, modes, sizes and normalised paths", async () => {
    const entries = await read(layer);
    expect(entries.map((e) => [e.path, e.type, e.mode, e.size])).toEqual([
      [".", "dir", 0o755, 0],
      ["app", "dir", 0o755, 0],
      ["app/hello.txt", "file", 0o644, 6],
      ["etc/motd", "file", 0o644, 7],
      ["app/link", "symlink", 0o644, 0],
      ["app/hard", "hardlink", 0o644, 0],
      ["dev/null", "other", 0o644, 0],
    ]);
    expect(entries[2]?.uid).toBe(1000);
    expect(entries[4]?.linkname).toBe("../etc/motd");
    expect(entries[5]?.linkname).toBe("app/hello.txt");
  });

  it("holds content only for the entries asked for", async () => {
    const entries = await read(layer, { wantContent: (e) => e.path === "app/hello.txt" });
    expect(text(entries[2])).toBe("hello\n");
    expect(entries[3]?.content).toBeUndefined();
  });

  it("gives the same result whatever the chunk boundaries", async () => {
    const want = { wantContent: () => true };
    expect(await read(layer, want, 7)).toEqual(await read(layer, want, 100_000));
  });

  it("joins the ustar prefix field with the name", async () => {
    const [e] = await read(archive(entry({ name: "file.txt", prefix: "deep/dir" }, "x")));
    expect(e?.path).toBe("deep/dir/file.txt");
  });

  it("accepts an archive without the end-of-archive blocks", async () => {
    expect(await read(entry({ name: "a" }, "x"))).toHaveLength(1);
  });

  it("stops at the end-of-archive marker", async () => {
    const trailing = concat(archive(entry({ name: "a" })), entry({ name: "after-the-end" }));
    expect((await read(trailing)).map((e) => e.path)).toEqual(["a"]);
  });
});

describe("readTarEntries: GNU and PAX extensions", () => {
  const longName = `${"directory/".repeat(20)}file.txt`;

  it("uses a GNU long name (L) and long link (K)", async () => {
    const entries = await read(
      archive(
        gnuLong("L", longName),
        entry({ name: longName.slice(0, 99) }, "content"),
        gnuLong("K", longName),
        entry({ name: "link", type: "2", linkname: "truncated" }),
      ),
      { wantContent: () => true },
    );
    expect(entries.map((e) => e.path)).toEqual([longName, "link"]);
    expect(text(entries[0])).toBe("content");
    expect(entries[1]?.linkname).toBe(longName);
  });

  it("uses PAX path, linkpath, size, uid and gid for the next entry only", async () => {
    const entries = await read(
      archive(
        pax({ path: `./${longName}`, uid: "123456789", gid: "7" }),
        entry({ name: "short" }, "pax content"),
        pax({ linkpath: "/a/very/long/target" }),
        entry({ name: "ln", type: "2" }),
        entry({ name: "plain" }),
      ),
    );
    expect(entries.map((e) => e.path)).toEqual([longName, "ln", "plain"]);
    expect(entries[0]).toMatchObject({ uid: 123456789, gid: 7, size: 11 });
    expect(entries[1]?.linkname).toBe("/a/very/long/target");
    expect(entries[2]?.uid).toBe(0);
  });

  it("takes the size from PAX when it overrides the header", async () => {
    const data = new TextEncoder().encode("0123456789");
    const e = await read(
      archive(pax({ size: "10" }), header({ name: "big", size: 0 }), data.slice(), new Uint8Array(502)),
      {
        wantContent: () => true,
      },
    );
    expect(text(e[0])).toBe("0123456789");
  });

  it("applies a global PAX header to every later entry", async () => {
    const entries = await read(archive(pax({ uid: "42" }, "g"), entry({ name: "a" }), entry({ name: "b" })));
    expect(entries.map((e) => e.uid)).toEqual([42, 42]);
  });
});

describe("readTarEntries: refusals", () => {
  it.each(["../etc/passwd", "a/../../etc/passwd", "./../x", "a/.."])("refuses the path %s", async (name) => {
    const error = await failure(archive(entry({ name }, "root::0:0")));
    expect(error).toBeInstanceOf(OciFormatError);
    expect(error).toMatchObject({ code: "UNSAFE_PATH", path: name });
  });

  it("refuses a PAX path that escapes", async () => {
    expect(await failure(archive(pax({ path: "../../escape" }), entry({ name: "ok" })))).toMatchObject({
      code: "UNSAFE_PATH",
    });
  });

  it("refuses a hard link whose target escapes", async () => {
    const error = await failure(archive(entry({ name: "h", type: "1", linkname: "../../etc/shadow" })));
    expect(error).toMatchObject({ code: "UNSAFE_PATH" });
  });

  it("stops at maxEntries", async () => {
    const many = archive(...Array.from({ length: 11 }, (_, i) => entry({ name: `f${i}` })));
    expect(await read(many, { maxEntries: 11 })).toHaveLength(11);
    const error = await failure(many, { maxEntries: 10 });
    expect(error).toBeInstanceOf(LimitExceededError);
    expect(error).toMatchObject({ limit: "maxTarEntries", value: 11, bound: 10 });
  });

  it("refuses to hold content above maxEntryBytes, but skips it when not asked", async () => {
    const big = archive(entry({ name: "big" }, new Uint8Array(5000)));
    expect(await read(big, { maxEntryBytes: 1000 })).toHaveLength(1);
    const error = await failure(big, { maxEntryBytes: 1000, wantContent: () => true });
    expect(error).toMatchObject({ limit: "maxTarEntryBytes", value: 5000, bound: 1000 });
  });

  it("bounds a PAX header by maxEntryBytes", async () => {
    const error = await failure(archive(pax({ comment: "x".repeat(4000) }), entry({ name: "a" })), {
      maxEntryBytes: 1000,
    });
    expect(error).toMatchObject({ limit: "maxTarEntryBytes" });
  });

  it.each([
    {
      name: "a corrupted checksum",
      bytes: (() => {
        const block = header({ name: "a" });
        block[0] = 0x62;
        return archive(block);
      })(),
    },
    { name: "gzip bytes read as tar", bytes: concat(Uint8Array.from([0x1f, 0x8b, 8, 0]), new Uint8Array(508)) },
    { name: "a truncated header", bytes: header({ name: "a" }).subarray(0, 300) },
    { name: "truncated content", bytes: concat(header({ name: "a", size: 2000 }), new Uint8Array(1000)) },
    {
      name: "a malformed PAX record",
      bytes: archive(entry({ name: "p", type: "x" }, "99 path=x\n"), entry({ name: "a" })),
    },
    {
      name: "a non-octal size",
      bytes: (() => {
        const block = header({ name: "a" });
        block.set(new TextEncoder().encode("zzzzzzzzzzz"), 124);
        const sum = block.reduce((n, b, i) => n + (i >= 148 && i < 156 ? 32 : b), 0);
        block.set(new TextEncoder().encode(`${sum.toString(8).padStart(6, "0")}\0 `), 148);
        return archive(block);
      })(),
    },
  ])("rejects $name as INVALID_TAR", async ({ bytes }) => {
    expect(await failure(bytes)).toMatchObject({ code: "INVALID_TAR" });
  });
});

describe("whiteouts (image-spec layer.md)", () => {
  it.each([
    { path: "app/.wh.config.ini", whiteout: true, opaque: false, target: "app/config.ini" },
    { path: ".wh.top", whiteout: true, opaque: false, target: "top" },
    { path: "app/.wh..wh..opq", whiteout: true, opaque: true, target: "app" },
    { path: ".wh..wh..opq", whiteout: true, opaque: true, target: "." },
    { path: "app/config.ini", whiteout: false, opaque: false, target: undefined },
    { path: "app/.whale", whiteout: false, opaque: false, target: undefined },
    { path: "a.wh.b/c", whiteout: false, opaque: false, target: undefined },
  ])("$path", ({ path, whiteout, opaque, target }) => {
    expect(isWhiteout(path)).toBe(whiteout);
    expect(isOpaqueWhiteout(path)).toBe(opaque);
    expect(whiteoutTarget(path)).toBe(target);
  });
});
