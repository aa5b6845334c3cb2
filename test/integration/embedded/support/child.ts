import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

// The registry as a separate process (dist/runner/registry/embedded/main.js), for kill -9 tests. The test builds
// dist first when the compiled entry point is missing or older than the sources.

const PROJECT = fileURLToPath(new URL("../../../../", import.meta.url));
const MAIN = join(PROJECT, "dist", "runner", "registry", "embedded", "main.js");
const SOURCES = join(PROJECT, "runner", "registry", "embedded");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

// Runs `fn` while holding a lock directory, so test files running in parallel never build dist at the same time.
function withBuildLock(fn: () => void): void {
  const lock = join(tmpdir(), "labs-embedded-build.lock");
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`build lock ${lock} held for too long`);
      sleepSync(100);
    }
  }
  try {
    fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function upToDate(): boolean {
  return existsSync(MAIN) && statSync(MAIN).mtimeMs >= newestSource(SOURCES);
}

// Compiles the project (tsc -p tsconfig.build.json) unless dist is up to date with the registry sources.
export function ensureBuilt(): void {
  if (upToDate()) return;
  withBuildLock(() => {
    if (upToDate()) return;
    try {
      execFileSync(
        process.execPath,
        [join(PROJECT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
        {
          cwd: PROJECT,
          stdio: "ignore",
        },
      );
    } catch {
      // tsc exits non-zero when other files have type errors but still emits; the check below decides
    }
  });
  if (!existsSync(MAIN)) throw new Error(`building ${MAIN} failed`);
}

/** A registry process. */
export interface ChildRegistry {
  readonly url: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** SIGKILL, and wait for the process to be gone. */
  kill9(): Promise<void>;
  /** SIGTERM, and wait for a clean exit. */
  stop(): Promise<number | null>;
}

// Starts main.js on a root and waits for its registry.json.
export async function startChildRegistry(root: string): Promise<ChildRegistry> {
  const info = join(root, "registry.json");
  const child = spawn(process.execPath, [MAIN, "--root", root, "--port", "0"], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk.toString();
  });
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`registry exited with ${child.exitCode}: ${stderr}`);
    if (existsSync(info)) {
      const parsed = JSON.parse(readFileSync(info, "utf8")) as { pid: number; url: string };
      if (parsed.pid === child.pid) {
        const exited = once(child, "exit");
        return {
          url: parsed.url,
          pid: parsed.pid,
          child,
          async kill9() {
            child.kill("SIGKILL");
            await exited;
          },
          async stop() {
            child.kill("SIGTERM");
            const [code] = await exited;
            return code as number | null;
          },
        };
      }
    }
    await sleep(10);
  }
  child.kill("SIGKILL");
  throw new Error(`registry did not write ${info}: ${stderr}`);
}
