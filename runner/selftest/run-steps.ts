import { execa } from "execa";
import type { ShellSteps } from "../../grader/lab/types.js";
import { LabsError } from "../errors.js";
import type { StepSandbox } from "./sandbox.js";

/** The outcome of running a lab's shell steps. */
export interface StepsOutcome {
  readonly exitCode: number | undefined;
  readonly timedOut: boolean;
  readonly output: string;
  readonly durationMs: number;
}

const TOOL_PROBE: Record<string, readonly string[]> = { docker: ["version", "--format", "{{.Client.Version}}"] };

// Fails with a clear error when a tool the steps need is missing: a missing tool is never a pass.
export async function assertTools(steps: ShellSteps): Promise<void> {
  for (const tool of steps.tools) {
    const probe = await execa(tool, TOOL_PROBE[tool] ?? ["--version"], { reject: false, timeout: 10_000 });
    if (probe.exitCode !== 0) {
      throw new LabsError(
        "ENVIRONMENT",
        `The steps need \`${tool}\`, which is not installed or does not run.`,
        `Install ${tool}.`,
      );
    }
  }
}

// Runs steps with bash in a sandboxed HOME; values arrive only as environment variables, never in the text.
export async function runSteps(
  steps: ShellSteps,
  values: Readonly<Record<string, string>>,
  sandbox: StepSandbox,
  timeoutMs = 120_000,
): Promise<StepsOutcome> {
  const started = performance.now();
  const child = execa("bash", ["-euo", "pipefail", "-c", steps.run], {
    env: { ...sandbox.env, ...values },
    extendEnv: true,
    cwd: sandbox.dir,
    all: true,
    reject: false,
    detached: true,
    stdin: "ignore",
  });
  let timedOut = false;
  // The steps run in their own process group; on timeout the whole group is killed, not just bash.
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child.pid);
  }, timeoutMs);
  const result = await child.finally(() => clearTimeout(timer));
  return {
    exitCode: result.exitCode,
    timedOut,
    output: String(result.all ?? ""),
    durationMs: Math.round(performance.now() - started),
  };
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // the group is already gone
  }
}
