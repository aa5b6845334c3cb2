import type { GradeContext, SeedFact } from "../../../grader/checks/context.js";
import { memoManifests, memoWalks } from "../../../grader/checks/context.js";
import { runCheck } from "../../../grader/grade.js";
import type { SeedSpec } from "../../../grader/lab/types.js";
import { createDeadline } from "../../../grader/oci/deadline.js";
import { DEFAULT_LIMITS } from "../../../grader/oci/limits.js";
import type { CheckResult } from "../../../grader/report.js";
import { type Blob, jsonBlob } from "../../../runner/seed/blob.js";
import { type Built, type BuiltImage, type BuiltIndex, pushPlan } from "../../../runner/seed/built.js";
import type { JsonFormat } from "../../../runner/seed/json.js";
import { buildSeed } from "../../../runner/seeding/build.js";
import { seedFacts } from "../../../runner/seeding/plan.js";
import { createMemorySource, type MemorySource } from "../../support/memory-source.js";

// A seed and helpers shared by the object check tests: a memory registry filled by the real seed builder,
// and `check()` that runs one check the way grade.ts does (validation, hidden expected values, errors).

export const PREFIX = "lab99";

const base = {
  files: [
    { path: "etc/", type: "dir" as const },
    { path: "etc/os-release", content: "ID=labos\n" },
  ],
};
const app = (text: string) => ({
  files: [
    { path: "app/", type: "dir" as const },
    { path: "app/run", content: `${text}\n` },
  ],
});
const config = { Cmd: ["/app/run"], Labels: { "org.opencontainers.image.version": "1.0.0" } };
const ANNOTATIONS = {
  "org.opencontainers.image.source": "https://example.com/edge",
  "org.opencontainers.image.revision": "v3-7f1c2e",
};

/** Images, indexes and tags covering both media type families, attestations and a lying index. */
export const SEED: SeedSpec = {
  images: {
    amd64: { flavour: "oci", platform: "linux/amd64", layers: [base, app("amd64")], config },
    arm64: { flavour: "oci", platform: "linux/arm64/v8", layers: [base, app("arm64")], config },
    armv7: { flavour: "oci", platform: "linux/arm/v7", layers: [base, app("armv7")], config },
    docker_amd64: { flavour: "docker", platform: "linux/amd64", layers: [app("legacy amd64")], config },
    docker_armv7: { flavour: "docker", platform: "linux/arm/v7", layers: [app("legacy armv7")], config },
    leak: { flavour: "oci", platform: "linux/amd64", layers: [base, app("amd64"), app("SECRET=1")], config },
  },
  indexes: {
    multi: {
      flavour: "oci",
      manifests: [{ image: "amd64" }, { image: "arm64" }],
      attestations: true,
      annotations: ANNOTATIONS,
    },
    legacy: { flavour: "docker", manifests: [{ image: "docker_amd64" }, { image: "docker_armv7" }] },
    lying: {
      flavour: "oci",
      indent: 2,
      manifests: [
        { image: "amd64", platform: "linux/arm64/v8" },
        { image: "arm64", platform: "linux/amd64" },
        { image: "armv7", platform: "linux/arm" },
      ],
      annotations: ANNOTATIONS,
    },
  },
  artifacts: {
    sbom: {
      artifactType: "application/spdx+json",
      subject: "multi",
      layers: [{ mediaType: "application/spdx+json", content: '{"spdxVersion":"SPDX-2.3"}' }],
      annotations: { "org.opencontainers.image.created": "2024-01-01T00:00:00Z" },
    },
  },
  tags: [],
  damage: [],
  files: [],
  layouts: [],
};

export const built = buildSeed(SEED);
export const facts = seedFacts(SEED);

// A built seed object by name.
export function seeded(name: string): Built {
  const found = built.get(name);
  if (!found) throw new Error(`no seeded object ${name}`);
  return found;
}

// A seeded image by name.
export const image = (name: string) => seeded(name) as BuiltImage;

// A seeded index by name.
export const index = (name: string) => seeded(name) as BuiltIndex;

// Pushes an object graph into `repository` (under the prefix), tagging the root; `skip` leaves digests out.
export function put(
  source: MemorySource,
  repository: string,
  object: Built,
  tag?: string,
  skip: ReadonlySet<string> = new Set(),
) {
  const plan = pushPlan(object);
  for (const blob of plan.blobs) if (!skip.has(blob.digest)) source.putBlob(`${PREFIX}/${repository}`, blob.bytes);
  plan.manifests.forEach((m, i) => {
    if (skip.has(m.digest)) return;
    const isRoot = i === plan.manifests.length - 1;
    source.putManifest(`${PREFIX}/${repository}`, m.bytes, { mediaType: m.mediaType, tag: isRoot ? tag : undefined });
  });
}

// Pushes one manifest blob under a tag (its blobs must be pushed separately).
export function putManifest(source: MemorySource, repository: string, blob: Blob, tag?: string) {
  return source.putManifest(`${PREFIX}/${repository}`, blob.bytes, { mediaType: blob.mediaType, tag });
}

// The same manifest JSON written in another format (indent, trailing newline), or with a change.
export function rewrite(
  blob: Blob,
  format: JsonFormat,
  change: (value: Record<string, unknown>) => Record<string, unknown> = (v) => v,
): Blob {
  const value = JSON.parse(new TextDecoder().decode(blob.bytes)) as Record<string, unknown>;
  return jsonBlob(blob.mediaType, change(value), format);
}

// A fresh memory registry.
export const registry = () => createMemorySource();

// A grading context over a source, with the fixture's seed facts (or a personalised variant's).
export function contextFor(source: MemorySource, seed: ReadonlyMap<string, SeedFact> = facts): GradeContext {
  const deadline = createDeadline(DEFAULT_LIMITS.gradingDeadlineMs);
  return {
    source,
    prefix: PREFIX,
    seed,
    limits: DEFAULT_LIMITS,
    deadline,
    manifest: memoManifests(source, PREFIX),
    walk: memoWalks(source, PREFIX, DEFAULT_LIMITS, deadline),
    answers: new Map(),
    values: {},
  };
}

// Runs one check (kind and fields) against a source, as grade.ts does.
export function check(
  source: MemorySource,
  fields: Record<string, unknown>,
  seed: ReadonlyMap<string, SeedFact> = facts,
): Promise<CheckResult> {
  const scope = { seedNames: new Set(seed.keys()), answerKeys: new Set<string>() };
  return runCheck({ id: "c", ...fields } as never, contextFor(source, seed), scope);
}

// The seed as personalised for one learner: other bytes, other digests.
export function variant(learner: string) {
  return { built: buildSeed(SEED, learner), facts: seedFacts(SEED, learner) };
}

// Every learner-facing text of a result, joined (for "never prints X" assertions).
export function allText(result: CheckResult): string {
  return [result.summary, result.expected, result.actual, result.diagnosis, result.hint].filter(Boolean).join("\n");
}
