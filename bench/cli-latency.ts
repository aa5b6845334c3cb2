// Measures `labs check` latency per backend (`labs start` has its own bench: start-latency), side by side with the
// floor of any
// Node CLI (`node -e 0`): `check` through the launcher (bin/labs: the embedded registry's check agent answers) and
// through Node (the CLI itself), for lab 9 (checks read manifests) and lab 3 (checks read layer content).
// Run: npm run build && node dist/bench/cli-latency.js [embedded|docker ...]
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(fileURLToPath(import.meta.url), "../../..");
const CLI = join(ROOT, "dist", "runner", "cli.js");
const LAUNCHER = join(ROOT, "bin", "labs");
const RUNS = 21;

function timed(
  program: string,
  args: readonly string[],
  env: Record<string, string> = {},
): { ms: number; code: number } {
  const started = performance.now();
  const result = spawnSync(program, args, {
    env: { ...process.env, NO_COLOR: "1", TESTCONTAINERS_RYUK_DISABLED: "true", ...env },
    encoding: "utf8",
  });
  return { ms: performance.now() - started, code: result.status ?? -1 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

// Median and minimum of RUNS runs, as "median (min)".
function series(run: () => number): string {
  const values = Array.from({ length: RUNS }, run);
  return `${median(values).toFixed(0)} (${Math.min(...values).toFixed(0)})`;
}

function measure(backend: string): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), "labs-bench-"));
  const env = { LABS_HOME: home };
  const labs = (args: string[]) => timed(process.execPath, [CLI, ...args], env);
  try {
    const row: Record<string, string> = {
      backend,
      "node -e 0 ms": series(() => timed(process.execPath, ["-e", "0"]).ms),
    };
    for (const lab of ["9", "3"]) {
      if (labs(["start", lab, "--registry", backend]).code !== 0) throw new Error(`labs start ${lab} failed`);
      row[`check ${lab} launcher ms`] = series(() => timed(LAUNCHER, ["check", lab], env).ms);
      row[`check ${lab} node ms`] = series(() => labs(["check", lab]).ms);
    }
    return row;
  } finally {
    labs(["stop", "--purge"]);
    rmSync(home, { recursive: true, force: true });
  }
}

// Prints one row per backend (median and, in brackets, minimum of each series); Docker only where an engine answers.
export function main(backends: string[]): void {
  const dockerUp = (() => {
    try {
      execFileSync("docker", ["info"], { stdio: "ignore", timeout: 5_000 });
      return true;
    } catch {
      return false;
    }
  })();
  const rows = backends.filter((b) => b !== "docker" || dockerUp).map(measure);
  console.table(rows);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.length > 2 ? process.argv.slice(2) : ["embedded", "docker"]);
}
