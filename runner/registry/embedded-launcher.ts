import { spawn } from "node:child_process";
import { mkdirSync, openSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { LabsError } from "../errors.js";
import type { LabsHome } from "../home.js";
import { packageRoot } from "../package-root.js";
import { isOurProcess } from "./process-check.js";

type PingModule = typeof import("../../grader/registry/ping.js");

const MAIN = ["dist", "runner", "registry", "embedded", "main.js"];
const READY_TIMEOUT_MS = 10_000;

/** The detached embedded registry as its `registry.json` describes it. */
export interface EmbeddedProcess {
  readonly pid: number;
  readonly port: number;
  readonly url: string;
}

// Starts the embedded registry of a labs home as a detached process that outlives `labs` (with the check agent
// for that home), and waits until it answers; `whileStarting` runs (on this process's core) while it boots.
export async function launchEmbedded(
  home: LabsHome,
  port: number,
  whileStarting: () => void = () => {},
): Promise<EmbeddedProcess> {
  const root = home.registryDir;
  mkdirSync(root, { recursive: true });
  rmSync(join(root, "registry.json"), { force: true });
  const log = openSync(join(root, "server.log"), "a");
  const args = [join(packageRoot(), ...MAIN), "--root", root, "--port", String(port), "--agent", home.root];
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ["ignore", log, log],
    // The registry never uses TLS: reading an extra CA bundle would only slow its start.
    env: withoutKeys(process.env, ["NODE_EXTRA_CA_CERTS", "NODE_OPTIONS"]),
  });
  child.unref();
  whileStarting();
  // The HTTP client loads after the spawn, while the registry boots, so its process starts sooner.
  const client = import("../../grader/registry/ping.js");
  const started = Date.now();
  while (Date.now() - started < READY_TIMEOUT_MS) {
    const running = readRunning(root);
    if (running && (await answers(running.url, client))) return running;
    if (child.exitCode !== null) break;
    await sleep(15);
  }
  throw new LabsError(
    "ENVIRONMENT",
    `The embedded registry did not start on 127.0.0.1:${port}.`,
    `See ${join(root, "server.log")}; if the port is taken, stop what uses it or set another with \`labs start N --port P\`.`,
  );
}

// The running embedded registry of a root, if its process is alive and really ours.
export function findEmbedded(root: string): EmbeddedProcess | undefined {
  const running = readRunning(root);
  return running && isOurProcess(running.pid, ["main.js", root]) ? running : undefined;
}

// Stops the embedded registry of a root (SIGTERM, then waits); a no-op when none runs.
export async function stopEmbedded(root: string): Promise<boolean> {
  const running = findEmbedded(root);
  if (!running) return false;
  process.kill(running.pid, "SIGTERM");
  // The registry lets in-flight requests finish for up to 10 s before it exits.
  for (let i = 0; i < 480 && isOurProcess(running.pid, ["main.js", root]); i++) await sleep(25);
  return true;
}

function readRunning(root: string): EmbeddedProcess | undefined {
  try {
    const info = JSON.parse(readFileSync(join(root, "registry.json"), "utf8")) as Partial<EmbeddedProcess>;
    if (typeof info.pid !== "number" || typeof info.port !== "number" || typeof info.url !== "string") return undefined;
    return { pid: info.pid, port: info.port, url: info.url };
  } catch {
    return undefined;
  }
}

async function answers(url: string, client: Promise<PingModule>): Promise<boolean> {
  try {
    return (await (await client).pingRegistry(url, { timeoutMs: 1_000 })).ok;
  } catch {
    return false;
  }
}

function withoutKeys(env: NodeJS.ProcessEnv, keys: readonly string[]): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const key of keys) delete copy[key];
  return copy;
}
