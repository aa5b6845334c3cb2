// Measures `labs start 9` on the embedded registry, median of RUNS each: cold (a fresh labs home), restart (the
// registry stopped, the home kept) and warm (the registry running), and the same with no registry named on a
// machine without a Docker engine (auto). With a baseline checkout (built), its runs alternate with this build's,
// so both see the same machine at the same moments.
// Run: npm run build && node dist/bench/start-latency.js [--baseline /path/to/other/checkout] [--runs N]
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const HERE = resolve(fileURLToPath(import.meta.url), "../../..");
const SCENARIOS = ["cold", "restart", "warm"] as const;

interface Build {
  readonly name: string;
  readonly cli: string;
}

// One `labs` run's wall time in ms; throws when it fails, since a failed start measures nothing.
function labs(build: Build, home: string, args: readonly string[], env: Record<string, string> = {}): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, [build.cli, ...args], {
    env: { ...process.env, LABS_HOME: home, NO_COLOR: "1", TESTCONTAINERS_RYUK_DISABLED: "true", ...env },
    encoding: "utf8",
  });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`${build.name}: labs ${args.join(" ")} exited ${run.status}: ${run.stderr}`);
  return ms;
}

// One round of every scenario for one build: a fresh home started, stopped and started again, then started warm.
function round(build: Build, start: readonly string[], env: Record<string, string>): Record<string, number> {
  const home = mkdtempSync(join(tmpdir(), "labs-bench-start-"));
  try {
    const cold = labs(build, home, start, env);
    labs(build, home, ["stop"], env);
    const restart = labs(build, home, start, env);
    const warm = labs(build, home, start, env);
    return { cold, restart, warm };
  } finally {
    spawnSync(process.execPath, [build.cli, "stop", "--purge"], { env: { ...process.env, LABS_HOME: home } });
    rmSync(home, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

// Prints a table: per build and way of choosing the registry, the median of each scenario.
export function main(argv: string[]): void {
  const { values } = parseArgs({ args: argv, options: { baseline: { type: "string" }, runs: { type: "string" } } });
  const runs = Number(values.runs ?? 9);
  const builds: Build[] = [{ name: "this build", cli: join(HERE, "dist", "runner", "cli.js") }];
  if (values.baseline) {
    const cli = join(resolve(values.baseline), "dist", "runner", "cli.js");
    if (!existsSync(cli)) throw new Error(`no built CLI at ${cli}: run \`npm run build\` in the baseline first`);
    builds.push({ name: `baseline ${values.baseline}`, cli });
  }
  const modes: { label: string; start: string[]; env: Record<string, string> }[] = [
    { label: "--registry embedded", start: ["start", "9", "--registry", "embedded"], env: {} },
    // No engine can be found: DOCKER_HOST unset and no socket (measure on a machine with dockerd stopped).
    ...(existsSync("/var/run/docker.sock") || process.env.DOCKER_HOST
      ? []
      : [{ label: "auto, no Docker engine", start: ["start", "9"], env: { LABS_REGISTRY: "" } }]),
  ];
  const rows = [];
  for (const mode of modes) {
    const samples = new Map(builds.map((b) => [b.name, [] as Record<string, number>[]]));
    for (let i = 0; i < runs; i++)
      for (const build of builds) samples.get(build.name)!.push(round(build, mode.start, mode.env));
    for (const build of builds) {
      const row: Record<string, string> = { build: build.name, registry: mode.label };
      for (const scenario of SCENARIOS)
        row[`${scenario} ms`] = median(samples.get(build.name)!.map((s) => s[scenario]!)).toFixed(0);
      rows.push(row);
    }
  }
  console.log(`labs start 9: median of ${runs} runs each${builds.length > 1 ? ", builds alternating" : ""}`);
  console.table(rows);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
