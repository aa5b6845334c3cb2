import { beforeEach, describe, expect, it } from "vitest";
import { gradeLab } from "../../../grader/grade.js";
import type { LabDefinition } from "../../../grader/lab/types.js";
import type { CheckResult, Report } from "../../../grader/report.js";
import { jsonBlob } from "../../../runner/seed/blob.js";
import { type Built, type BuiltImage, pushPlan } from "../../../runner/seed/built.js";
import { buildIndex, imageEntry } from "../../../runner/seed/index-builder.js";
import { buildSeed } from "../../../runner/seeding/build.js";
import { seedFacts } from "../../../runner/seeding/plan.js";
import { loadLabFixture } from "../../support/lab-fixture.js";
import { createMemorySource, type MemorySource } from "../../support/memory-source.js";

const lab: LabDefinition = loadLabFixture("09-mirror-preserving-digest");
const built = buildSeed(lab.seed);
const PREFIX = "lab09";

function put(
  source: MemorySource,
  repository: string,
  object: Built,
  tag: string,
  skip: ReadonlySet<string> = new Set(),
): void {
  const plan = pushPlan(object);
  for (const blob of plan.blobs) if (!skip.has(blob.digest)) source.putBlob(`${PREFIX}/${repository}`, blob.bytes);
  plan.manifests.forEach((m, i) => {
    const isRoot = i === plan.manifests.length - 1;
    source.putManifest(`${PREFIX}/${repository}`, m.bytes, { mediaType: m.mediaType, tag: isRoot ? tag : undefined });
  });
}

function check(report: Report, task: string, id: string): CheckResult {
  const found = report.tasks.find((t) => t.id === task)?.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${task}/${id}`);
  return found;
}

const grade = (source: MemorySource) => gradeLab(lab, { source, prefix: PREFIX, seed: seedFacts(lab.seed) });
const image = (name: string) => built.get(name) as BuiltImage;

describe("grading lab 9 from the objects in a registry", () => {
  let source: MemorySource;
  beforeEach(() => {
    source = createMemorySource();
    put(source, "src/app", built.get("app_v1")!, "v1");
    put(source, "src/app", built.get("app_legacy")!, "v1-legacy");
  });

  it("fails at start: the mirror does not exist, the source is intact", async () => {
    const report = await grade(source);
    expect(report.status).toBe("fail");
    expect(check(report, "mirror-v1", "same-digest").summary).toContain("does not exist");
    expect(report.tasks.find((t) => t.id === "source-intact")?.status).toBe("pass");
  });

  it("passes a byte-for-byte copy of both tags", async () => {
    put(source, "mirror/app", built.get("app_v1")!, "v1");
    put(source, "mirror/app", built.get("app_legacy")!, "v1-legacy");
    const report = await grade(source);
    expect(report.tasks.map((t) => [t.id, t.status])).toEqual([
      ["mirror-v1", "pass"],
      ["mirror-legacy", "pass"],
      ["source-intact", "pass"],
    ]);
    expect(report.earned).toBe(report.points);
  });

  it.each([
    ["app_amd64", "linux/amd64"],
    ["app_arm64", "linux/arm64/v8"],
  ])("names the platform that was copied alone (%s, as on a %s machine)", async (child, platform) => {
    put(source, "mirror/app", image(child), "v1");
    const result = check(await grade(source), "mirror-v1", "same-digest");
    expect(result.status).toBe("fail");
    expect(result.diagnosis).toContain("only one platform was copied");
    expect(result.diagnosis).toContain(`\`${platform}\``);
    expect(result.hint).toContain("--all");
  });

  it.each([
    ["indented by 2", { indent: 2 }],
    ["indented by 4", { indent: 4 }],
    ["with a trailing newline", { trailingNewline: true }],
  ])("recognises an index re-created with the same images, %s", async (_name, json) => {
    const v1 = built.get("app_v1")!;
    put(source, "mirror/app", v1, "scratch");
    const original = JSON.parse(new TextDecoder().decode(v1.manifest.bytes));
    const rewritten = jsonBlob(v1.manifest.mediaType, original, json);
    source.putManifest(`${PREFIX}/mirror/app`, rewritten.bytes, { mediaType: rewritten.mediaType, tag: "v1" });
    const result = check(await grade(source), "mirror-v1", "same-digest");
    expect(result.status).toBe("fail");
    expect(result.diagnosis).toContain("written anew");
  });

  it("recognises a list rebuilt without the attestations", async () => {
    const rebuilt = buildIndex({
      flavour: "oci",
      entries: [imageEntry(image("app_amd64")), imageEntry(image("app_arm64"))],
    });
    put(source, "mirror/app", rebuilt, "v1");
    const report = await grade(source);
    expect(check(report, "mirror-v1", "same-digest").diagnosis).toContain("2 attestation manifests are gone");
    expect(check(report, "mirror-v1", "same-objects").actual).toMatch(/^absent: /);
  });

  it("recognises a converted list: the children changed too", async () => {
    const converted = buildIndex({
      flavour: "oci",
      entries: [
        imageEntry({
          ...image("legacy_amd64"),
          manifest: jsonBlob("application/vnd.oci.image.manifest.v1+json", { schemaVersion: 2 }),
        }),
      ],
    });
    put(source, "mirror/app", image("legacy_amd64"), "unused");
    source.putManifest(`${PREFIX}/mirror/app`, converted.manifest.bytes, {
      mediaType: converted.manifest.mediaType,
      tag: "v1-legacy",
    });
    const result = check(await grade(source), "mirror-legacy", "same-digest");
    expect(result.diagnosis).toContain("converted or rebuilt");
    expect(result.diagnosis).toContain("type changed to an OCI image index");
  });

  it("recognises a re-encoded image: same config (image ID), other manifest bytes", async () => {
    const amd64 = image("app_amd64");
    put(source, "mirror/app", amd64, "scratch");
    const value = JSON.parse(new TextDecoder().decode(amd64.manifest.bytes));
    const pretty = jsonBlob(amd64.manifest.mediaType, value, { indent: 3 });
    source.putManifest(`${PREFIX}/mirror/app`, pretty.bytes, { mediaType: pretty.mediaType, tag: "v1" });
    const result = check(await grade(source), "mirror-v1", "same-digest");
    expect(result.diagnosis).toContain("same image ID");
    expect(result.diagnosis).toContain("linux/amd64");
  });

  it("finds a layer that is missing from the mirror although the index is there", async () => {
    const layer = image("app_arm64").layers[1]!.digest;
    put(source, "mirror/app", built.get("app_v1")!, "v1", new Set([layer]));
    const report = await grade(source);
    expect(check(report, "mirror-v1", "same-digest").status).toBe("pass");
    const complete = check(report, "mirror-v1", "complete");
    expect(complete.status).toBe("fail");
    expect(complete.diagnosis).toContain("1 of the objects it references are not in `mirror/app`");
  });

  it("fails the source guard when the source tag was overwritten", async () => {
    put(source, "src/app", image("legacy_amd64"), "v1");
    const result = check(await grade(source), "source-intact", "v1");
    expect(result.status).toBe("fail");
    expect(result.diagnosis).toContain("overwritten");
  });

  it("reports a registry failure as error, never as pass or fail", async () => {
    const broken = { ...source, manifest: () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5123")) };
    const report = await gradeLab(lab, { source: broken, prefix: PREFIX, seed: seedFacts(lab.seed) });
    expect(report.status).toBe("error");
    expect(check(report, "mirror-v1", "same-digest").summary).toContain("ECONNREFUSED");
  });

  it("skips a task whose needs did not pass", async () => {
    const needy = { ...lab, tasks: [lab.tasks[0]!, { ...lab.tasks[1]!, needs: ["mirror-v1"] }] };
    const report = await gradeLab(needy, { source, prefix: PREFIX, seed: seedFacts(lab.seed) });
    expect(report.tasks[1]?.status).toBe("skipped");
    expect(report.tasks[1]?.checks[0]?.summary).toContain("`mirror-v1`");
  });
});
