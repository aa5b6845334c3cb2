import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createAgent } from "./http-client.js";
import {
  type BenchServer,
  cpuMs,
  DISTRIBUTION_BINARY,
  startBareNode,
  startDistribution,
  startEmbedded,
} from "./servers.js";
import { getManifests, prepareManifests, pullBlob, pushBlob, putManifests, sha256 } from "./workloads.js";

// Embedded registry vs distribution 2.8.2, side by side in one run (npm run build, then
// `node dist/bench/embedded/run.js [--fsync]`). Prints a table: 256 MiB blob push and pull (MiB/s, best of 3
// pushes and of 6 pulls, two after each push), 1,000 manifest PUTs and 10,000 manifest GETs by 8 concurrent
// clients (req/s), start-to-ready (median of 5), server CPU per workload, and the push time as a multiple of
// hashing the same bytes in this process (the floor).

const BLOB_BYTES = 256 * 1024 * 1024;
const BLOB_ROUNDS = 3;
const MANIFEST_PUTS = 1000;
const MANIFEST_GETS = 10_000;
const CLIENTS = 8;
const READY_ROUNDS = 5;

type Start = (root: string) => Promise<BenchServer>;

/** One registry's figures. */
export interface Figures {
  readonly name: string;
  readonly pushMiBps: number;
  readonly pullMiBps: number;
  readonly pushMs: number;
  readonly putRps: number;
  readonly getRps: number;
  readonly readyMs: number;
  readonly readyCpuMs: number;
  /** Server CPU time (user + system) spent on each workload, in ms: steadier than wall time on a busy machine. */
  readonly cpu: { readonly blobs: number; readonly puts: number; readonly gets: number };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function withRoot<T>(fn: (root: string) => Promise<T>): Promise<T> {
  const root = await mkdtemp(join(tmpdir(), "labs-bench-"));
  try {
    return await fn(root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function readyTime(start: Start): Promise<{ readonly readyMs: number; readonly readyCpuMs: number }> {
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < READY_ROUNDS; i++) {
    await withRoot(async (root) => {
      const server = await start(root);
      times.push(server.readyMs);
      cpu.push(server.readyCpuMs);
      await server.stop();
    });
  }
  return { readyMs: median(times), readyCpuMs: median(cpu) };
}

async function blobRounds(server: BenchServer, blob: Buffer) {
  const agent = createAgent(1);
  let pushMs = Number.POSITIVE_INFINITY;
  let pullMs = Number.POSITIVE_INFINITY;
  for (let round = 0; round < BLOB_ROUNDS; round++) {
    blob.writeUInt32BE(round + 1, 0);
    const digest = sha256(blob);
    pushMs = Math.min(pushMs, await pushBlob(agent, server.url, "bench/blob", blob, digest));
    for (let pull = 0; pull < 2; pull++) {
      pullMs = Math.min(pullMs, await pullBlob(agent, server.url, "bench/blob", digest, blob.length));
    }
  }
  agent.destroy();
  const mib = blob.length / (1024 * 1024);
  return { pushMs, pushMiBps: mib / (pushMs / 1000), pullMiBps: mib / (pullMs / 1000) };
}

async function measure(name: string, start: Start, blob: Buffer): Promise<Figures> {
  const ready = await readyTime(start);
  return withRoot(async (root) => {
    const server = await start(root);
    try {
      const c0 = cpuMs(server.pid);
      const blobs = await blobRounds(server, blob);
      const c1 = cpuMs(server.pid);
      const fixture = await prepareManifests(server.url, "bench/manifests", MANIFEST_PUTS);
      const c2 = cpuMs(server.pid);
      const putRps = await putManifests(server.url, "bench/manifests", fixture, CLIENTS);
      const c3 = cpuMs(server.pid);
      const getRps = await getManifests(server.url, "bench/manifests", MANIFEST_PUTS, MANIFEST_GETS, CLIENTS);
      const c4 = cpuMs(server.pid);
      return { name, ...blobs, putRps, getRps, ...ready, cpu: { blobs: c1 - c0, puts: c3 - c2, gets: c4 - c3 } };
    } finally {
      await server.stop();
    }
  });
}

function hashMs(blob: Buffer): number {
  const started = process.hrtime.bigint();
  sha256(blob);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function formatTable(rows: readonly Figures[], floorMs: number, bare: { readyMs: number; readyCpuMs: number }): string {
  const line = (label: string, pick: (f: Figures) => number, unit: string, digits = 0) =>
    `| ${label.padEnd(34)} | ${rows.map((f) => `${pick(f).toFixed(digits)} ${unit}`.padStart(20)).join(" | ")} |`;
  const header = `| ${"".padEnd(34)} | ${rows.map((f) => f.name.padStart(20)).join(" | ")} |`;
  const rule = `|${"-".repeat(36)}|${rows.map(() => "-".repeat(22)).join("|")}|`;
  return [
    header,
    rule,
    line("push 256 MiB blob", (f) => f.pushMiBps, "MiB/s"),
    line("pull 256 MiB blob", (f) => f.pullMiBps, "MiB/s"),
    line(`${MANIFEST_PUTS} manifest PUTs, ${CLIENTS} clients`, (f) => f.putRps, "req/s"),
    line(`${MANIFEST_GETS} manifest GETs, ${CLIENTS} clients`, (f) => f.getRps, "req/s"),
    line("start to ready (median)", (f) => f.readyMs, "ms", 1),
    line("CPU used until ready (median)", (f) => f.readyCpuMs, "ms"),
    line(`push time / sha256 in process`, (f) => f.pushMs / floorMs, "x", 2),
    line(`server CPU: ${BLOB_ROUNDS} pushes, ${2 * BLOB_ROUNDS} pulls`, (f) => f.cpu.blobs, "ms"),
    line(`server CPU: ${MANIFEST_PUTS} manifest PUTs`, (f) => f.cpu.puts, "ms"),
    line(`server CPU: ${MANIFEST_GETS} manifest GETs`, (f) => f.cpu.gets, "ms"),
    "",
    `sha256 of 256 MiB in this process: ${floorMs.toFixed(0)} ms`,
    `a bare node:http server on this machine: ready in ${bare.readyMs.toFixed(1)} ms, ${bare.readyCpuMs.toFixed(0)} ms CPU`,
  ].join("\n");
}

// Runs both registries through every workload and prints the table.
export async function main(): Promise<void> {
  if (!existsSync(DISTRIBUTION_BINARY))
    throw new Error(`${DISTRIBUTION_BINARY} is missing: apt-get install docker-registry`);
  const blob = randomBytes(BLOB_BYTES);
  const floorMs = Math.min(hashMs(blob), hashMs(blob), hashMs(blob));
  const bare = await readyTime(() => startBareNode());
  const rows: Figures[] = [];
  rows.push(await measure("embedded", (root) => startEmbedded(root), blob));
  rows.push(await measure("distribution 2.8.2", (root) => startDistribution(root), blob));
  if (process.argv.includes("--fsync"))
    rows.push(await measure("embedded --fsync", (root) => startEmbedded(root, ["--fsync"]), blob));
  process.stdout.write(`${formatTable(rows, floorMs, bare)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  });
}
