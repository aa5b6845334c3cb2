// Bulk grading (issue "Auto-grading"): 1,000 submission bundles of lab 9, each from a distinct learner seed, 5%
// of them hostile, graded as `labs grade` does (same code, in process, 8 at once); then 200 learner namespaces on
// one registry, graded from the registry, on the embedded registry and on distribution 2.8.2 side by side.
// Run: npm run build && node dist/bench/grading/bulk.js [--bundles 1000] [--namespaces 200]

import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs, promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { type LabDefinition, labPrefix } from "../../grader/lab/types.js";
import { digestOf } from "../../grader/oci/digest.js";
import { RegistryClient } from "../../grader/registry/client.js";
import { gradeProgress } from "../../runner/grade/progress.js";
import type { GradeRun } from "../../runner/grade/result.js";
import { retryingSource } from "../../runner/grade/retrying-source.js";
import { runGrading } from "../../runner/grade/run-grading.js";
import { loadLab } from "../../runner/lab-file/catalog.js";
import { packageRoot } from "../../runner/package-root.js";
import { pushAll } from "../../runner/registry-client/push-all.js";
import { RegistryWriter } from "../../runner/registry-client/writer.js";
import { pushPlan } from "../../runner/seed/built.js";
import { buildTar } from "../../runner/seed/tar.js";
import { buildSeed } from "../../runner/seeding/build.js";
import { seedLab } from "../../runner/seeding/push.js";
import { pushItems } from "../../runner/seeding/push-items.js";
import { learnerVariant } from "../../runner/seeding/variant.js";
import { writeBundle } from "../../runner/submit/write-bundle.js";
import { type BenchServer, startDistribution, startEmbedded } from "../embedded/servers.js";

const { values } = parseArgs({ options: { bundles: { type: "string" }, namespaces: { type: "string" } } });
const BUNDLES = Number(values.bundles ?? 1000);
const NAMESPACES = Number(values.namespaces ?? 200);
const COURSE_KEY = "bench-course-key";
const lab = await loadLab(9);
const courseEnv = { ...process.env, LABS_COURSE_KEY: COURSE_KEY };
const labFor = (learner: string | undefined) => loadLab(9, courseEnv, { learner, cache: false });
const quiet = { write: () => true, isTTY: false };
const execFileAsync = promisify(execFile);

type Objects = Map<ReturnType<typeof digestOf>, Uint8Array>;
type Repositories = Record<
  string,
  { tags: Record<string, string>; manifests: Record<string, string>; blobs: string[] }
>;

// A learner's lab 9 as their registry would hold it after the solution: their seed (their chosen tags), and the
// mirror copied; `tamper` may change what the mirror holds (a hostile learner's objects).
function learnerBundle(
  learnerLab: LabDefinition,
  learner: string,
  tamper?: (repos: Repositories, objects: Objects, prefix: string) => void,
): Uint8Array {
  const built = buildSeed(learnerLab.seed, learnerVariant(9, learner, COURSE_KEY));
  const prefix = labPrefix(9, learner);
  const objects: Objects = new Map();
  const repositories: Repositories = {};
  for (const repo of ["src/app", "mirror/app"]) {
    const entry = {
      tags: {} as Record<string, string>,
      manifests: {} as Record<string, string>,
      blobs: [] as string[],
    };
    for (const tag of learnerLab.seed.tags) {
      const plan = pushPlan(built.get(tag.target)!);
      entry.tags[tag.tag] = built.get(tag.target)!.manifest.digest;
      for (const m of plan.manifests) {
        entry.manifests[m.digest] = m.mediaType;
        objects.set(m.digest, m.bytes);
      }
      for (const b of plan.blobs) {
        if (!entry.blobs.includes(b.digest)) entry.blobs.push(b.digest);
        objects.set(b.digest, b.bytes);
      }
    }
    repositories[`${prefix}/${repo}`] = entry;
  }
  tamper?.(repositories, objects, prefix);
  const content = {
    lab: { number: 9, slug: lab.slug, version: "bench" },
    tool: { name: "labs", version: "bench" },
    learner,
    prefix,
    createdAt: "2026-01-01T00:00:00.000Z",
    repositories: repositories as never,
    answers: {},
  };
  return writeBundle(content, objects as never, new Map()).bytes;
}

// Six kinds of hostile bundle: altered bytes, a symlink, deep JSON in bundle.json (refused on reading), and
// valid bundles whose learner pushed a gzip bomb layer, a manifest over 4 MiB, or deeply nested manifest JSON
// (graded: the checks that read them end in `fail` or `error` with the reason).
function hostileBundle(i: number, learnerLab: LabDefinition, learner: string, good: Uint8Array): Uint8Array {
  const file = (path: string, content: string | Uint8Array) => ({ type: "file" as const, path, content });
  const pushed = (manifest: string, blobs: readonly Uint8Array[] = []) =>
    learnerBundle(learnerLab, learner, (repos, objects, prefix) => {
      const mirror = repos[`${prefix}/mirror/app`]!;
      const digest = digestOf(manifest);
      objects.set(digest, new TextEncoder().encode(manifest));
      mirror.manifests[digest] = "application/vnd.oci.image.manifest.v1+json";
      mirror.tags[learnerLab.chosen.release!] = digest;
      for (const blob of blobs) {
        objects.set(digestOf(blob), blob);
        mirror.blobs.push(digestOf(blob));
      }
    });
  switch (i % 6) {
    case 0: {
      const altered = Uint8Array.from(good);
      const at = altered.length - 12_000;
      altered[at] = (altered[at] ?? 0) ^ 0xff;
      return altered;
    }
    case 1: {
      const bomb = gzipSync(new Uint8Array(256 * 1024 * 1024));
      const config = new TextEncoder().encode(
        '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}',
      );
      const d = (b: Uint8Array, mediaType: string) => ({ mediaType, digest: digestOf(b), size: b.byteLength });
      const manifest = JSON.stringify({
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        config: d(config, "application/vnd.oci.image.config.v1+json"),
        layers: [d(bomb, "application/vnd.oci.image.layer.v1.tar+gzip")],
      });
      return pushed(manifest, [config, bomb]);
    }
    case 2:
      return buildTar([file("bundle.json", `${"[".repeat(100_000)}${"]".repeat(100_000)}`)]);
    case 3:
      return pushed(`{"schemaVersion":2,"layers":[${'{"a":1},'.repeat(700_000)}{}]}`);
    case 4:
      return pushed(`{"schemaVersion":2,"config":${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}}`);
    default:
      return buildTar([{ type: "symlink", path: "bundle.json", target: "/etc/shadow" }]);
  }
}

async function benchBundles(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "labs-bench-bundles-"));
  try {
    const files: string[] = [];
    const madeAt = performance.now();
    let good: Uint8Array = new Uint8Array();
    for (let i = 0; i < BUNDLES; i++) {
      const hostile = i % 20 === 19;
      const learner = `learner-${i}`;
      const learnerLab = await labFor(learner);
      if (!hostile) good = learnerBundle(learnerLab, learner);
      const file = join(dir, `${i}.bundle`);
      await writeFile(file, hostile ? hostileBundle(Math.floor(i / 20), learnerLab, learner, good) : good);
      files.push(file);
    }
    const made = performance.now() - madeAt;
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const started = performance.now();
    const run = await runGrading(
      { kind: "bundles", files },
      {
        lab,
        labFor,
        labVersion: "bench",
        toolVersion: "bench",
        courseKey: COURSE_KEY,
        concurrency: 8,
        progress: gradeProgress(quiet, files.length),
      },
    );
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const passed = run.results.filter((r) => r.report?.tasks.find((t) => t.id === "mirror-v1")?.status === "pass");
    const refused = run.results.filter((r) => r.error !== undefined);
    const erred = run.results.filter((r) => r.report?.status === "error");
    console.log(`bundles: ${files.length} made in ${(made / 1000).toFixed(1)} s (${BUNDLES / 20} hostile)`);
    console.log(
      `  graded in ${seconds.toFixed(2)} s (${(files.length / seconds).toFixed(0)} bundles/s, target < 20 s): ` +
        `${passed.length} passed mirror-v1, ${refused.length} refused with a reason, ${erred.length} graded with checks in error, 0 crashes`,
    );
    console.log(
      `  peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB (before grading ${(rssBefore / 2 ** 20).toFixed(0)} MiB)`,
    );
    for (const r of refused.slice(0, 3)) console.log(`    refused: ${r.error?.slice(0, 110)}`);
    for (const r of erred.slice(0, 3)) {
      const check = r.report?.tasks.flatMap((t) => t.checks).find((c) => c.status === "error");
      console.log(`    error:   ${check?.summary.slice(0, 110)}`);
    }
    console.log(`  the same through the CLI: ${await cliGrade(files)}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// `labs grade` in its own process under GNU time: wall seconds and peak resident memory of the whole command.
async function cliGrade(files: readonly string[]): Promise<string> {
  const cli = join(packageRoot(), "dist", "runner", "cli.js");
  const args = [
    "-f",
    "%e %M",
    process.execPath,
    cli,
    "grade",
    "--lab",
    "9",
    ...files,
    "--format",
    "json",
    "-o",
    "/dev/null",
  ];
  const { stderr } = await execFileAsync("/usr/bin/time", args, {
    env: { ...process.env, LABS_COURSE_KEY: COURSE_KEY },
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stderr: string }) => error);
  const [seconds, kib] = stderr.trim().split("\n").at(-1)!.split(" ");
  return `${seconds} s wall, peak RSS ${(Number(kib) / 1024).toFixed(0)} MiB`;
}

// Seeds NAMESPACES learners into one registry (the solution applied for every other one), then grades them all.
async function benchNamespaces(name: string, server: BenchServer): Promise<string> {
  const learners = Array.from({ length: NAMESPACES }, (_, i) => `learner-${i}`);
  const writer = new RegistryWriter(server.url);
  const seededAt = performance.now();
  for (const [i, learner] of learners.entries()) {
    const variant = learnerVariant(9, learner, COURSE_KEY);
    const prefix = labPrefix(9, learner);
    const { seed } = await labFor(learner);
    await seedLab(server.url, prefix, seed, variant);
    if (i % 2 === 0) {
      const built = buildSeed(seed, variant);
      for (const tag of seed.tags)
        await pushAll(writer, `${prefix}/mirror/app`, pushItems(built.get(tag.target)!, tag.tag));
    }
  }
  const seeded = (performance.now() - seededAt) / 1000;
  const source = retryingSource(new RegistryClient(server.url, { timeoutMs: 30_000 }));
  const started = performance.now();
  const run: GradeRun = await runGrading(
    { kind: "registry", url: server.url, source, learners },
    { lab, labFor, labVersion: "bench", toolVersion: "bench", courseKey: COURSE_KEY, concurrency: 8 },
  );
  const seconds = (performance.now() - started) / 1000;
  const passed = run.results.filter((r) => r.report?.status === "pass").length;
  return `  ${name.padEnd(28)} ${(learners.length / seconds).toFixed(1).padStart(6)} learners/s  (${seconds.toFixed(2)} s for ${learners.length}; ${passed} passed; seeding took ${seeded.toFixed(1)} s)`;
}

await benchBundles();
if (NAMESPACES > 0) console.log(`namespaces: ${NAMESPACES} learners on one registry, graded 8 at once`);
for (const [name, start] of NAMESPACES === 0
  ? []
  : ([
      ["embedded", (root: string) => startEmbedded(root)],
      ["distribution 2.8.2 (binary)", (root: string) => startDistribution(root)],
    ] as const)) {
  const root = await mkdtemp(join(tmpdir(), "labs-bench-ns-"));
  const server = await start(root);
  try {
    console.log(await benchNamespaces(name, server));
  } finally {
    await server.stop();
    await rm(root, { recursive: true, force: true });
  }
}
