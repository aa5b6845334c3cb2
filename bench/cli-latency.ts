// Measures `labs start 9` (cold and warm) and `labs check 9` latency through the built CLI, per backend.
// Run: npm run build && node dist/bench/cli-latency.js [embedded|docker ...]
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const CLI = resolve(fileURLToPath(import.meta.url), "../../runner/cli.js");
const CHECK_RUNS = 15;

function runLabs(home: string, args: string[]): { ms: number; code: number } {
  const started = performance.now();
  const result = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, LABS_HOME: home, NO_COLOR: "1", TESTCONTAINERS_RYUK_DISABLED: "true" },
    encoding: "utf8",
  });
  return { ms: performance.now() - started, code: result.status ?? -1 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function measure(backend: string): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), "labs-bench-"));
  try {
    const cold = runLabs(home, ["start", "9", "--registry", backend]);
    if (cold.code !== 0) throw new Error(`labs start 9 --registry ${backend} exited ${cold.code}`);
    const warm = runLabs(home, ["start", "9", "--registry", backend]);
    const checks = Array.from({ length: CHECK_RUNS }, () => runLabs(home, ["check", "9"]).ms);
    const node = median(Array.from({ length: 5 }, () => runLabs(home, ["--version"]).ms));
    return {
      backend,
      "start (cold) ms": cold.ms.toFixed(0),
      "start (warm) ms": warm.ms.toFixed(0),
      [`check median of ${CHECK_RUNS} ms`]: median(checks).toFixed(0),
      "check min ms": Math.min(...checks).toFixed(0),
      "node + labs --version ms": node.toFixed(0),
    };
  } finally {
    runLabs(home, ["stop", "--purge"]);
    rmSync(home, { recursive: true, force: true });
  }
}

// Prints one row per backend; Docker is measured only where an engine answers.
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
