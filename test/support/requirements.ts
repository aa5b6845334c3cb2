import { execFileSync } from "node:child_process";

/** Whether an external requirement of a test (a Docker engine, a Debian tool) is present, and why not. */
export interface Requirement {
  readonly ok: boolean;
  readonly reason: string;
}

const inCi = process.env.CI === "true";

function probe(command: string, args: readonly string[]): boolean {
  try {
    execFileSync(command, args, { stdio: "ignore", timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

// A requirement that is met when `command args` exits 0.
export function requireCommand(command: string, args: readonly string[] = ["--version"]): Requirement {
  const ok = probe(command, args);
  return { ok, reason: ok ? "" : `${command} is not installed (needed by this test)` };
}

// A reachable Docker engine (the CLI answering `docker info`).
export function requireDocker(): Requirement {
  const ok = probe("docker", ["info", "--format", "{{.ServerVersion}}"]);
  return { ok, reason: ok ? "" : "no Docker engine answers `docker info`" };
}

// Every listed requirement at once.
export function requireAll(...reqs: Requirement[]): Requirement {
  const missing = reqs.filter((r) => !r.ok).map((r) => r.reason);
  return { ok: missing.length === 0, reason: missing.join("; ") };
}

/**
 * Whether to skip a suite. Outside CI a missing requirement skips with its reason printed; under CI=true
 * nothing is skipped, so the suite runs and fails with the reason (and the reporter fails any other skip).
 */
export function skipUnless(req: Requirement): boolean {
  if (req.ok) return false;
  if (inCi) return false;
  process.stderr.write(`skipping: ${req.reason}\n`);
  return true;
}

// Throws the requirement's reason; call in beforeAll so a CI run without the tool fails loudly.
export function assertRequirement(req: Requirement): void {
  if (!req.ok) throw new Error(`requirement missing: ${req.reason}`);
}
