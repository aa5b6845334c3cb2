// Grading latency, in process and through the CLI, on the embedded registry and on distribution 2.8.2 side by side.
// Run: npm run build && node dist/bench/grading/run.js
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { CHECKS } from "../../grader/checks/index.js";
import { gradeLab } from "../../grader/grade.js";
import type { LabDefinition } from "../../grader/lab/types.js";
import { RegistryClient } from "../../grader/registry/client.js";
import { pingRegistry } from "../../grader/registry/ping.js";
import { loadLabText } from "../../runner/lab-file/load.js";
import { packageRoot } from "../../runner/package-root.js";
import { startEmbeddedRegistry } from "../../runner/registry/embedded/index.js";
import { seedFacts } from "../../runner/seeding/plan.js";
import { seedLab } from "../../runner/seeding/push.js";

const RUNS = 30;
const execFileAsync = promisify(execFile);

function loadLab9(): LabDefinition {
  const file = join(packageRoot(), "labs/09-mirror-preserving-digest/lab.yaml");
  const loaded = loadLabText(file, readFileSync(file, "utf8"), CHECKS);
  if (!("lab" in loaded)) throw new Error("lab 9 does not load");
  return loaded.lab;
}

// Lab 9 plus a task of layer-content checks (file in the merged filesystem, content, config fields).
function withLayerChecks(lab: LabDefinition): LabDefinition {
  const checks = [
    { id: "run", kind: "layer-file", ref: "src/app:v1", platform: "linux/arm64", path: "app/run", matches: "arm64" },
    {
      id: "release",
      kind: "layer-file",
      ref: "src/app:v1",
      platform: "linux/amd64",
      path: "etc/os-release",
      matches: "labs-base",
    },
    { id: "cmd", kind: "config-field", ref: "src/app:v1", platform: "linux/amd64", field: "Cmd", equals: ["/app/run"] },
  ];
  return { ...lab, tasks: [{ id: "content", title: "content", text: "", points: 1, needs: [], hints: ["-"], checks }] };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timeGrading(url: string, lab: LabDefinition, prefix: string): Promise<number> {
  const facts = seedFacts(lab.seed);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const report = await gradeLab(lab, { source: new RegistryClient(url), prefix, seed: facts });
    times.push(performance.now() - started);
    if (report.status === "error") throw new Error(JSON.stringify(report.tasks, null, 1).slice(0, 2000));
  }
  return median(times);
}

async function startDistribution(): Promise<{ url: string; stop(): void }> {
  const dir = mkdtempSync(join(tmpdir(), "bench-dist-"));
  const port = 15000 + Math.floor(Math.random() * 1000);
  const config = `version: 0.1\nlog: {level: error}\nstorage: {filesystem: {rootdirectory: ${dir}/data}, delete: {enabled: true}}\nhttp: {addr: "127.0.0.1:${port}"}\n`;
  writeFileSync(join(dir, "config.yml"), config);
  const child = spawn("/usr/bin/docker-registry", ["serve", join(dir, "config.yml")], { stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (
      await pingRegistry(url, { timeoutMs: 500 }).then(
        (p) => p.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    url,
    stop: () => {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Prints median grading times (manifest-only lab 9, and layer-content checks) per registry.
export async function main(): Promise<void> {
  const lab = loadLab9();
  const content = withLayerChecks(lab);
  const embeddedRoot = mkdtempSync(join(tmpdir(), "bench-emb-"));
  const embedded = await startEmbeddedRegistry({ root: embeddedRoot });
  console.log(`embedded registry at ${embedded.url}`);
  const distribution = await startDistribution();
  console.log(`distribution 2.8.2 at ${distribution.url}`);
  const rows = [];
  for (const [name, url] of [
    ["embedded", embedded.url],
    ["distribution 2.8.2", distribution.url],
  ] as const) {
    await seedLab(url, "lab09", lab.seed);
    // Async: the embedded registry serves from this very process, so blocking here would deadlock.
    await execFileAsync(
      "skopeo",
      [
        "copy",
        "--all",
        "--src-tls-verify=false",
        "--dest-tls-verify=false",
        `docker://${new URL(url).host}/lab09/src/app:v1`,
        `docker://${new URL(url).host}/lab09/mirror/app:v1`,
      ],
      { env: { ...process.env, HOME: tmpdir() } },
    );
    rows.push({
      registry: name,
      [`lab 9 checks, median of ${RUNS} (ms)`]: (await timeGrading(url, lab, "lab09")).toFixed(1),
      [`layer-content checks, median of ${RUNS} (ms)`]: (await timeGrading(url, content, "lab09")).toFixed(1),
    });
  }
  console.table(rows);
  await embedded.close();
  distribution.stop();
  rmSync(embeddedRoot, { recursive: true, force: true });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
