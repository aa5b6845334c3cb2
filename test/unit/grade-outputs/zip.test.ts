import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { writeZip, type ZipEntry } from "../../../runner/grade/outputs/zip.js";
import { assertRequirement, requireCommand, skipUnless } from "../../support/requirements.js";

const text = new TextEncoder();
const entries: ZipEntry[] = [
  { name: "run_autograder", data: text.encode("#!/bin/sh\necho hi\n"), mode: 0o755 },
  { name: "notes/readme.txt", data: text.encode("compressible ".repeat(500)) },
  { name: "random.bin", data: new Uint8Array(randomBytes(4096)) },
  { name: "empty", data: new Uint8Array(0) },
  { name: "ünïcode name.txt", data: text.encode("é") },
];

describe("writeZip (pure)", () => {
  it("writes equal bytes for equal input, ending in an end-of-central-directory record", () => {
    const zip = writeZip(entries);
    expect(writeZip(entries)).toEqual(zip);
    const view = Buffer.from(zip);
    const end = view.length - 22;
    expect(view.readUInt32LE(end)).toBe(0x06054b50);
    expect(view.readUInt16LE(end + 10)).toBe(entries.length);
    expect(view.readUInt32LE(0)).toBe(0x04034b50);
  });

  it.each(["../escape", "/abs", "a//b", "a\\b", "", "dir/"])("rejects the entry name %j", (name) => {
    expect(() => writeZip([{ name, data: new Uint8Array(1) }])).toThrow(/not a relative path/);
  });

  it("rejects a duplicate entry", () => {
    const one = { name: "a", data: new Uint8Array(1) };
    expect(() => writeZip([one, one])).toThrow(/duplicate/);
  });
});

const unzip = requireCommand("unzip", ["-v"]);

describe.skipIf(skipUnless(unzip))("writeZip (read by Info-ZIP unzip, Debian package unzip)", () => {
  let file = "";
  beforeAll(() => {
    assertRequirement(unzip);
    file = join(mkdtempSync(join(tmpdir(), "zip-")), "out.zip");
    writeFileSync(file, writeZip(entries));
  });

  it("passes unzip -t", () => {
    const out = execFileSync("unzip", ["-t", file], { encoding: "utf8" });
    expect(out).toContain("No errors detected");
  });

  it("a corrupted archive fails unzip -t", () => {
    const bytes = Buffer.from(writeZip(entries));
    bytes[40] = (bytes[40] ?? 0) ^ 0xff;
    const bad = join(file, "..", "bad.zip");
    writeFileSync(bad, bytes);
    expect(() => execFileSync("unzip", ["-t", bad], { stdio: "pipe" })).toThrow();
  });

  it("gives back every file's bytes", () => {
    for (const entry of entries) {
      const out = execFileSync("unzip", ["-p", file, entry.name]);
      expect(new Uint8Array(out)).toEqual(entry.data);
    }
  });

  it("deflates what shrinks, stores what does not, and keeps Unix permissions", () => {
    const listing = execFileSync("unzip", ["-Z", "-l", file], { encoding: "utf8" });
    expect(listing).toMatch(/-rwxr-xr-x .* stor .* run_autograder$/m);
    expect(listing).toMatch(/-rw-r--r-- .* defN .* notes\/readme\.txt$/m);
    expect(listing).toMatch(/-rw-r--r-- .* stor .* random\.bin$/m);
  });
});
