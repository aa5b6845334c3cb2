import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

// The two registries under test, each in its own process on loopback: the embedded one (dist/.../main.js) and
// Debian's distribution 2.8.2 (/usr/bin/docker-registry) with filesystem storage.

/** A registry process and how long it took from spawn to answering GET /v2/. */
export interface BenchServer {
  readonly name: string;
  readonly url: string;
  readonly readyMs: number;
  /** CPU time the process had used when it first answered. */
  readonly readyCpuMs: number;
  readonly pid: number;
  stop(): Promise<void>;
}

export const DISTRIBUTION_BINARY = "/usr/bin/docker-registry";

// The registry never opens TLS connections; node reads NODE_EXTRA_CA_CERTS at boot (~40 ms), so drop it.
function registryEnv(): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _, ...env } = process.env;
  return env;
}

const EMBEDDED_MAIN = fileURLToPath(new URL("../../runner/registry/embedded/main.js", import.meta.url));
const READY_TIMEOUT_MS = 20_000;

// CPU time (user + system, ms) a process has used so far, from /proc (Linux); NaN elsewhere.
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

const CLOCK_TICKS = 100;

// A free loopback port (bound and released).
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

async function waitReady(child: ChildProcess, url: string, started: bigint): Promise<number> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    if (await answers(url)) return Number(process.hrtime.bigint() - started) / 1e6;
    await sleep(2);
  }
  throw new Error(`${url}: not ready after ${READY_TIMEOUT_MS} ms`);
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null) return;
    child.kill("SIGTERM");
    const exited = once(child, "exit");
    const timeout = sleep(5000).then(() => child.kill("SIGKILL"));
    await Promise.race([exited, timeout]);
  };
}

// Starts the embedded registry as its own process.
export async function startEmbedded(root: string, extraArgs: readonly string[] = []): Promise<BenchServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [EMBEDDED_MAIN, "--root", root, "--port", String(port), ...extraArgs], {
    stdio: ["ignore", "ignore", "inherit"],
    env: registryEnv(),
  });
  const readyMs = await waitReady(child, url, started);
  const pid = child.pid ?? 0;
  return { name: "embedded", url, readyMs, readyCpuMs: cpuMs(pid), pid, stop: stopper(child) };
}

// Starts a bare node:http server (no registry code): the floor for a registry written for node.
export async function startBareNode(): Promise<BenchServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const script = `require("node:http").createServer((q, r) => r.end("{}")).listen(${port}, "127.0.0.1")`;
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ["-e", script], { stdio: "ignore", env: registryEnv() });
  const readyMs = await waitReady(child, url, started);
  const pid = child.pid ?? 0;
  return { name: "bare node:http", url, readyMs, readyCpuMs: cpuMs(pid), pid, stop: stopper(child) };
}

// Starts distribution 2.8.2 with filesystem storage under `root` (config as the registry:2 image ships it).
export async function startDistribution(root: string): Promise<BenchServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = join(root, "config.yml");
  await writeFile(
    config,
    [
      "version: 0.1",
      "log:",
      "  fields:",
      "    service: registry",
      "storage:",
      "  cache:",
      "    blobdescriptor: inmemory",
      "  filesystem:",
      `    rootdirectory: ${join(root, "data")}`,
      "  delete:",
      "    enabled: true",
      "http:",
      `  addr: 127.0.0.1:${port}`,
      "  headers:",
      "    X-Content-Type-Options: [nosniff]",
      "",
    ].join("\n"),
  );
  const started = process.hrtime.bigint();
  const child = spawn(DISTRIBUTION_BINARY, ["serve", config], { stdio: "ignore" });
  const readyMs = await waitReady(child, url, started);
  const pid = child.pid ?? 0;
  return { name: "distribution 2.8.2", url, readyMs, readyCpuMs: cpuMs(pid), pid, stop: stopper(child) };
}
