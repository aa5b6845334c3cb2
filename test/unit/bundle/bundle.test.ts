import { describe, expect, it } from "vitest";
import { readBundle } from "../../../grader/bundle/read.js";
import { bundleSource } from "../../../grader/bundle/source.js";
import { gradeLab } from "../../../grader/grade.js";
import type { LabDefinition } from "../../../grader/lab/types.js";
import { digestHex } from "../../../grader/oci/digest.js";
import { BUNDLE_PROVES } from "../../../runner/grade/grade-bundle.js";
import { pushPlan } from "../../../runner/seed/built.js";
import { buildTar } from "../../../runner/seed/tar.js";
import { buildSeed } from "../../../runner/seeding/build.js";
import { seedFacts } from "../../../runner/seeding/plan.js";
import { collectRepositories } from "../../../runner/submit/collect.js";
import { writeBundle } from "../../../runner/submit/write-bundle.js";
import { loadLabFixture } from "../../support/lab-fixture.js";
import { createMemorySource, type MemorySource } from "../../support/memory-source.js";

// Bundles end to end without a network: a registry in memory holding lab 9 (seeded, then mirrored or not),
// collected, written, read back with every bound and digest check, and graded from the bundle.

const lab: LabDefinition = loadLabFixture("09-mirror-preserving-digest");
const built = buildSeed(lab.seed);
const PREFIX = "lab09";
// The two source tags, as the lab's choices name them (no learner here: their first values).
const RELEASE = lab.chosen.release!;
const LEGACY = lab.chosen.legacy!;

function put(source: MemorySource, repository: string, name: string, tag: string) {
  const plan = pushPlan(built.get(name)!);
  for (const blob of plan.blobs) source.putBlob(`${PREFIX}/${repository}`, blob.bytes);
  plan.manifests.forEach((m, i) => {
    const root = i === plan.manifests.length - 1;
    source.putManifest(`${PREFIX}/${repository}`, m.bytes, { mediaType: m.mediaType, tag: root ? tag : undefined });
  });
}

async function bundleOf(mirror: boolean): Promise<Uint8Array> {
  const source = createMemorySource();
  put(source, "src/app", "app_v1", RELEASE);
  put(source, "src/app", "app_legacy", LEGACY);
  if (mirror) {
    put(source, "mirror/app", "app_v1", RELEASE);
    put(source, "mirror/app", "app_legacy", LEGACY);
  }
  const repositories = ["mirror/app", "src/app"].map((r) => `${PREFIX}/${r}`);
  const collected = await collectRepositories(source, repositories, 64 * 1024 * 1024);
  const content = {
    lab: { number: 9, slug: lab.slug, version: "sha256:test" },
    tool: { name: "labs", version: "0.0.0" },
    learner: null,
    prefix: PREFIX,
    createdAt: "2026-01-01T00:00:00.000Z",
    repositories: collected.repositories,
    answers: {},
  };
  return writeBundle(content, collected.objects, new Map([["notes.txt", new TextEncoder().encode("hi\n")]])).bytes;
}

async function* chunks(bytes: Uint8Array) {
  yield bytes;
}

async function grade(bytes: Uint8Array) {
  const bundle = await readBundle(chunks(bytes));
  return gradeLab(lab, {
    source: bundleSource(bundle),
    prefix: PREFIX,
    seed: seedFacts(lab.seed),
    evidence: { kind: "bundle", digest: bundle.digest, proves: BUNDLE_PROVES },
  });
}

describe("submission bundles", () => {
  it("are byte-for-byte reproducible from the same content", async () => {
    expect(Buffer.from(await bundleOf(true)).equals(Buffer.from(await bundleOf(true)))).toBe(true);
  });

  it("grade a mirrored lab as passing, and mark registry-state checks ungradable, never passed", async () => {
    const report = await grade(await bundleOf(true));
    const tasks = Object.fromEntries(report.tasks.map((t) => [t.id, t.status]));
    expect(tasks).toEqual({ "mirror-v1": "pass", "mirror-legacy": "pass", "source-intact": "ungradable" });
    expect(report.evidence?.kind).toBe("bundle");
    const guards = report.tasks.find((t) => t.id === "source-intact")!.checks;
    expect(guards.every((c) => c.status === "ungradable" && /needs the registry's state/.test(c.summary))).toBe(true);
  });

  it("grade a lab with nothing mirrored as failing", async () => {
    const report = await grade(await bundleOf(false));
    expect(report.tasks.find((t) => t.id === "mirror-v1")?.status).toBe("fail");
  });

  it("serve a repository only what the bundle lists for it", async () => {
    const bundle = await readBundle(chunks(await bundleOf(false)));
    const source = bundleSource(bundle);
    const v1 = built.get("app_v1")!.manifest;
    expect(await source.manifestExists(`${PREFIX}/src/app`, v1.digest)).toBe(true);
    expect(await source.manifestExists(`${PREFIX}/mirror/app`, v1.digest)).toBe(false);
    expect(await source.tags(`${PREFIX}/src/app`)).toEqual([RELEASE, LEGACY].sort());
  });
});

// A tar whose first member's name has `from` replaced by `to` (same length), checksum fixed: what our own
// writer refuses to make.
function renamed(tar: Uint8Array, from: string, to: string): Uint8Array {
  const out = Uint8Array.from(tar);
  out.set(new TextEncoder().encode(to), Buffer.from(out.subarray(0, 100)).indexOf(from));
  out.fill(0x20, 148, 156);
  const sum = out.subarray(0, 512).reduce((a, b) => a + b, 0);
  out.set(new TextEncoder().encode(`${sum.toString(8).padStart(6, "0")}\0 `), 148);
  return out;
}

describe("hostile bundles are refused with the reason", () => {
  const entry = (path: string, content: string | Uint8Array) => ({ type: "file" as const, path, content });
  const refuse = async (bytes: Uint8Array, reason: RegExp) => {
    await expect(readBundle(chunks(bytes))).rejects.toThrow(reason);
  };

  it("a blob whose bytes were changed after submitting", async () => {
    const bytes = await bundleOf(true);
    const index = JSON.parse(
      Buffer.from(bytes)
        .toString("latin1")
        .match(/\{\n {2}"bundleVersion[\s\S]*?\n\}\n/)![0],
    );
    const digest = Object.keys(index.repositories["lab09/src/app"].manifests)[0] as string;
    const tampered = buildTar([
      entry("bundle.json", JSON.stringify(index)),
      entry(`blobs/sha256/${digestHex(digest as never)}`, "{}"),
    ]);
    await refuse(tampered, /hashes to sha256:.*the bundle was altered/);
  });

  it("a symlink, a path escaping the root, an unexpected file, no bundle.json", async () => {
    await refuse(buildTar([{ type: "symlink", path: "bundle.json", target: "/etc/passwd" }]), /regular files only/);
    await refuse(renamed(buildTar([entry("zz/zz/etc/cron.d/x", "boom")]), "zz/zz", "../.."), /\.\./);
    await refuse(buildTar([entry("bundle.json", "{}"), entry("run.sh", "rm -rf /")]), /unexpected entry "run.sh"/);
    await refuse(buildTar([entry("blobs/sha256/" + "0".repeat(64), "")]), /hashes to|no bundle.json/);
  });

  it("invalid, duplicated or deeply nested JSON, and a digest the bundle does not hold", async () => {
    await refuse(buildTar([entry("bundle.json", "{not json")]), /JSON|json/);
    await refuse(buildTar([entry("bundle.json", '{"bundleVersion":1,"bundleVersion":1}')]), /duplicate/i);
    await refuse(buildTar([entry("bundle.json", `${"[".repeat(500)}${"]".repeat(500)}`)]), /deep|nest/i);
    const index = {
      bundleVersion: 1,
      lab: { number: 9, slug: "x", version: "v" },
      tool: { name: "labs", version: "0" },
      learner: null,
      prefix: "lab09",
      createdAt: "now",
      repositories: {
        "lab09/a": {
          tags: { v1: `sha256:${"a".repeat(64)}` },
          manifests: { [`sha256:${"a".repeat(64)}`]: "x" },
          blobs: [],
        },
      },
      answers: {},
      files: {},
    };
    await refuse(buildTar([entry("bundle.json", JSON.stringify(index))]), /does not hold/);
    const escaping = { ...index, repositories: {}, files: { "../../.ssh/id_rsa": `sha256:${"a".repeat(64)}` } };
    await refuse(buildTar([entry("bundle.json", JSON.stringify(escaping))]), /not a relative path/);
  });

  it("a bundle over the size bound, before reading it all", async () => {
    const bytes = await bundleOf(true);
    await expect(
      readBundle(chunks(bytes), undefined, { maxBundleBytes: 1024, maxBundleEntries: 100 }),
    ).rejects.toMatchObject({ code: "LIMIT_EXCEEDED" });
  });
});
