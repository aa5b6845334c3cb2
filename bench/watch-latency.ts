// Measures how long `labs watch 9` takes to show a task as passed after the push that completes it: the time
// from the response to the manifest PUT of `mirror/app:v1` to the line saying the task passed. Embedded
// registry with its audit-log events, the same registry polled (`--poll`), and Docker's distribution (polled)
// when an engine answers (offline, set LABS_REGISTRY_IMAGE to a local registry image, see
// scripts/build-registry-image.sh). Run: npm run build && node dist/bench/watch-latency.js [rounds]
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const CLI = resolve(fileURLToPath(import.meta.url), "../../runner/cli.js");
const INDEX_ACCEPT = "application/vnd.oci.image.index.v1+json";
const SETTLE_MS = 1_500;
const PASSED = /pass\s+Mirror v1 with its digest intact \(mirror-v1/;

interface Setup {
  readonly name: string;
  readonly backend: "embedded" | "docker";
  readonly poll: boolean;
}

function labs(home: string, args: string[]): string {
  const result = spawnSync(process.execPath, [CLI, ...args], { env: labsEnv(home), encoding: "utf8" });
  if (result.status !== 0) throw new Error(`labs ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

function labsEnv(home: string): NodeJS.ProcessEnv {
  return { ...process.env, LABS_HOME: home, NO_COLOR: "1", TESTCONTAINERS_RYUK_DISABLED: "true" };
}

// The seeded index of src/app:v1 as raw bytes, and every object under it copied into mirror/app (tag `staging`,
// which no check reads): afterwards one manifest PUT of those bytes as `v1` completes the task.
async function prepare(registry: string): Promise<{ raw: Uint8Array; digest: string }> {
  execFileSync("skopeo", [
    "copy",
    "--all",
    "-q",
    "--src-tls-verify=false",
    "--dest-tls-verify=false",
    `docker://${registry}/lab09/src/app:v1`,
    `docker://${registry}/lab09/mirror/app:staging`,
  ]);
  const res = await fetch(`http://${registry}/v2/lab09/src/app/manifests/v1`, { headers: { accept: INDEX_ACCEPT } });
  return { raw: new Uint8Array(await res.arrayBuffer()), digest: res.headers.get("docker-content-digest") ?? "" };
}

// Starts `labs watch 9` with piped output and resolves each awaited line pattern with the time it arrived.
function startWatch(home: string, poll: boolean) {
  const child = spawn(process.execPath, [CLI, "watch", "9", ...(poll ? ["--poll"] : [])], {
    env: labsEnv(home),
    stdio: ["ignore", "pipe", "inherit"],
  });
  const waiters: { pattern: RegExp; done: (at: number) => void }[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    const at = performance.now();
    for (const w of waiters.filter((w) => w.pattern.test(line))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.done(at);
    }
  });
  const lineAt = (pattern: RegExp) => new Promise<number>((done) => waiters.push({ pattern, done }));
  return { child, lineAt };
}

function stopWatch(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    child.once("exit", () => done());
    child.kill("SIGINT");
  });
}

async function round(home: string, registry: string, index: { raw: Uint8Array; digest: string }, poll: boolean) {
  const url = `http://${registry}/v2/lab09/mirror/app/manifests`;
  await fetch(`${url}/${index.digest}`, { method: "DELETE" });
  const watch = startWatch(home, poll);
  await watch.lineAt(/FAIL\s+Mirror v1 with its digest intact/);
  // A random phase, so that polling is measured over its whole interval rather than at one point of it.
  await new Promise((r) => setTimeout(r, SETTLE_MS + Math.random() * 1_000));
  const passed = watch.lineAt(PASSED);
  const res = await fetch(`${url}/v1`, {
    method: "PUT",
    headers: { "content-type": INDEX_ACCEPT },
    body: index.raw,
  });
  const putDone = performance.now();
  if (res.status !== 201) throw new Error(`manifest PUT answered ${res.status}`);
  const shown = await passed;
  await stopWatch(watch.child);
  return shown - putDone;
}

async function measure(setup: Setup, rounds: number): Promise<Record<string, string>> {
  const home = mkdtempSync(join(tmpdir(), "labs-bench-watch-"));
  try {
    labs(home, ["start", "9", "--registry", setup.backend]);
    const registry = JSON.parse(readFileSync(join(home, "state.json"), "utf8")).registry.hostPort as string;
    const index = await prepare(registry);
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) times.push(await round(home, registry, index, setup.poll));
    const sorted = [...times].sort((a, b) => a - b);
    return {
      setup: setup.name,
      "median ms": sorted[Math.floor(sorted.length / 2)]!.toFixed(0),
      "min ms": sorted[0]!.toFixed(0),
      "max ms": sorted[sorted.length - 1]!.toFixed(0),
      "every round ms": times.map((t) => t.toFixed(0)).join(" "),
    };
  } finally {
    spawnSync(process.execPath, [CLI, "stop", "--purge"], { env: labsEnv(home) });
    rmSync(home, { recursive: true, force: true });
  }
}

function dockerAnswers(): boolean {
  try {
    execFileSync("docker", ["info"], { stdio: "ignore", timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

// Prints one row per setup; Docker's distribution only where an engine answers.
export async function main(rounds: number): Promise<void> {
  const setups: Setup[] = [
    { name: "embedded, audit-log events", backend: "embedded", poll: false },
    { name: "embedded, --poll", backend: "embedded", poll: true },
  ];
  if (dockerAnswers()) setups.push({ name: "distribution (Docker), polling", backend: "docker", poll: true });
  const rows = [];
  for (const setup of setups) {
    rows.push(await measure(setup, rounds).catch((error: Error) => ({ setup: setup.name, error: error.message })));
  }
  console.table(rows);
}

await main(Number(process.argv[2] ?? 7));
