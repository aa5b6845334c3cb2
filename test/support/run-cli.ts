import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";

/** The built CLI, as the launcher runs it. */
export const CLI = resolve(import.meta.dirname, "../../dist/runner/cli.js");
/** The `labs` launcher (bin/labs), as a learner's shell runs it. */
export const LAUNCHER = resolve(import.meta.dirname, "../../bin/labs");

/** What a CLI run printed and returned. */
export interface CliRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

// A fresh, empty labs home for one test file.
export function tempLabsHome(): string {
  return mkdtempSync(join(tmpdir(), "labs-home-"));
}

// Runs the built `labs` binary with a given labs home, no colour, and without testcontainers' reaper.
export function runLabs(
  home: string,
  args: readonly string[],
  env: Record<string, string> = {},
  timeoutMs = 300_000,
): Promise<CliRun> {
  return runProgram(process.execPath, [CLI, ...args], home, env, timeoutMs);
}

// Runs `labs` through its launcher (bin/labs), which may hand `check` to the registry's check agent.
export function runLauncher(home: string, args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runProgram(LAUNCHER, args, home, env, 300_000);
}

async function runProgram(
  program: string,
  args: readonly string[],
  home: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<CliRun> {
  const started = performance.now();
  const result = await execa(program, args, {
    env: { LABS_HOME: home, NO_COLOR: "1", TESTCONTAINERS_RYUK_DISABLED: "true", ...env },
    reject: false,
    timeout: timeoutMs,
  });
  return {
    exitCode: result.exitCode ?? -1,
    stdout: result.stdout,
    stderr: result.stderr,
    durationMs: Math.round(performance.now() - started),
  };
}

// The platform skopeo picks on this machine without --all (`linux/amd64`, `linux/arm64/v8`, …).
export function hostPlatform(): string {
  const arch: Record<string, string> = {
    x64: "amd64",
    arm64: "arm64/v8",
    arm: "arm/v7",
    s390x: "s390x",
    ppc64: "ppc64le",
  };
  return `linux/${arch[process.arch] ?? process.arch}`;
}
