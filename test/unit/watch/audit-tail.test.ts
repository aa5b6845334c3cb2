import { appendFileSync, mkdtempSync, renameSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import type { AuditEntry } from "../../../runner/registry/embedded/audit/entry.js";
import { AuditTail } from "../../../runner/watch/audit-tail.js";
import { isLabWrite } from "../../../runner/watch/lab-writes.js";

function entry(kind: AuditEntry["kind"], repository: string, status = 201): AuditEntry {
  return { time: "2025-01-01T00:00:00.000Z", kind, method: "PUT", status, repository };
}

function line(e: AuditEntry): string {
  return `${JSON.stringify(e)}\n`;
}

// A tail on a fresh log holding one old entry; `seen` collects what it reports.
async function tailOnFreshLog() {
  const dir = mkdtempSync(join(tmpdir(), "labs-audit-tail-"));
  const file = join(dir, "audit.log");
  writeFileSync(file, line(entry("manifest-put", "lab09/old")));
  const seen: AuditEntry[] = [];
  const tail = await AuditTail.open({ file, onEntries: (e) => seen.push(...e), safetyPollMs: 60_000 });
  onTestFinished(() => tail.close());
  return { file, seen, tail };
}

describe("AuditTail", () => {
  it("reports only entries appended after it started, in order", async () => {
    const { file, seen, tail } = await tailOnFreshLog();
    appendFileSync(file, line(entry("manifest-put", "lab09/a")) + line(entry("blob-delete", "lab09/b", 202)));
    await tail.poke();
    expect(seen.map((e) => e.repository)).toEqual(["lab09/a", "lab09/b"]);
    await tail.poke();
    expect(seen).toHaveLength(2);
  });

  it("holds a cut-off line until the rest of it arrives", async () => {
    const { file, seen, tail } = await tailOnFreshLog();
    const text = line(entry("manifest-put", "lab09/split"));
    appendFileSync(file, text.slice(0, 20));
    await tail.poke();
    expect(seen).toEqual([]);
    appendFileSync(file, text.slice(20));
    await tail.poke();
    expect(seen.map((e) => e.repository)).toEqual(["lab09/split"]);
  });

  it("follows rotation without losing the lines written just before it", async () => {
    const { file, seen, tail } = await tailOnFreshLog();
    appendFileSync(file, line(entry("manifest-put", "lab09/before")));
    renameSync(file, `${file}.1`);
    writeFileSync(file, line(entry("manifest-put", "lab09/after")));
    await tail.poke();
    expect(seen.map((e) => e.repository)).toEqual(["lab09/before", "lab09/after"]);
    appendFileSync(file, line(entry("tag-delete", "lab09/later", 202)));
    await tail.poke();
    expect(seen.map((e) => e.repository)).toEqual(["lab09/before", "lab09/after", "lab09/later"]);
  });

  it("starts again from the top of a truncated file", async () => {
    const { file, seen, tail } = await tailOnFreshLog();
    truncateSync(file, 0);
    await tail.poke();
    appendFileSync(file, line(entry("manifest-put", "lab09/new")));
    await tail.poke();
    expect(seen.map((e) => e.repository)).toEqual(["lab09/new"]);
  });

  it("skips lines that are not audit entries", async () => {
    const { file, seen, tail } = await tailOnFreshLog();
    appendFileSync(file, `not json\n{"kind":1}\n${line(entry("manifest-put", "lab09/ok"))}`);
    await tail.poke();
    expect(seen.map((e) => e.repository)).toEqual(["lab09/ok"]);
  });

  it("wakes up on the file-system event alone", async () => {
    const { file, seen } = await tailOnFreshLog();
    appendFileSync(file, line(entry("manifest-put", "lab09/event")));
    await expect.poll(() => seen.length, { timeout: 2_000, interval: 10 }).toBe(1);
  });
});

describe("isLabWrite", () => {
  it.each([
    { name: "manifest PUT in the lab", e: entry("manifest-put", "lab09/mirror/app"), expected: true },
    { name: "tag delete", e: entry("tag-delete", "lab09/mirror/app", 202), expected: true },
    { name: "upload completed", e: entry("upload-complete", "lab09/mirror/app"), expected: true },
    { name: "blob mounted", e: entry("mount", "lab09/mirror/app", 201), expected: true },
    { name: "the bare prefix", e: entry("manifest-put", "lab09"), expected: true },
    { name: "a mount that fell back to an upload", e: entry("mount", "lab09/mirror/app", 202), expected: false },
    { name: "a refused PUT", e: entry("manifest-put", "lab09/mirror/app", 400), expected: false },
    { name: "a read", e: entry("manifest-get", "lab09/mirror/app", 200), expected: false },
    { name: "an upload still open", e: entry("upload-start", "lab09/mirror/app", 202), expected: false },
    { name: "another lab", e: entry("manifest-put", "lab10/mirror/app"), expected: false },
    { name: "a name that only starts like the prefix", e: entry("manifest-put", "lab090/app"), expected: false },
  ])("$name → $expected", ({ e, expected }) => {
    expect(isLabWrite(e, "lab09")).toBe(expected);
  });
});
