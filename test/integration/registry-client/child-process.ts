import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { transpileGraph } from "./transpile.js";

// A script run by a separate `node` against the transpiled registry client: for what only a whole process shows
// (does it exit once its work is done?) and for process-wide settings such as NODE_EXTRA_CA_CERTS.

/** A script next to the transpiled `grader/registry`, which it imports as `./grader/registry/index.js`. */
export interface ChildScript {
  readonly path: string;
  /** Removes the transpiled tree. */
  remove(): void;
}

/** How a child run went. */
export interface ChildRun {
  readonly code: number | null;
  /** stdout, then stderr. */
  readonly output: string;
  /** Milliseconds between the first `done` on stdout and the process's exit (NaN without one). */
  readonly lingerMs: number;
}

// Transpiles the registry client into a temporary directory and writes `source` there as an ES module.
export function writeChildScript(source: string): ChildScript {
  const dir = mkdtempSync(join(tmpdir(), "labs-client-child-"));
  transpileGraph("grader/registry/index.ts", dir);
  const path = join(dir, "child.mjs");
  writeFileSync(path, source);
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

// Runs the script with `args`; kills it after `killAfterMs` (the run then reports signal exit, code null).
export function runChild(
  script: ChildScript,
  args: readonly string[],
  env: Record<string, string> = {},
  killAfterMs = 8_000,
): Promise<ChildRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script.path, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...env },
    });
    let stdout = "";
    let stderr = "";
    let doneAt: number | undefined;
    const kill = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (doneAt === undefined && stdout.includes("done")) doneAt = performance.now();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("exit", (code) => {
      clearTimeout(kill);
      const lingerMs = doneAt === undefined ? Number.NaN : performance.now() - doneAt;
      resolve({ code, output: `${stdout}${stderr}`, lingerMs });
    });
  });
}
