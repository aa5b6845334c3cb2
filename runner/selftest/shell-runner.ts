import type { ShellRunner } from "../../grader/checks/inputs.js";
import { runSteps } from "./run-steps.js";
import { createSandbox } from "./sandbox.js";

// The runner's shell runner for shell checks: bash in a throwaway HOME, values only as environment variables,
// the whole process group killed at the timeout (the grader itself never starts a process).
export function sandboxedShell(): ShellRunner {
  return {
    async run(command, env, timeoutMs) {
      const sandbox = await createSandbox();
      try {
        const outcome = await runSteps({ run: command, tools: [] }, env, sandbox, timeoutMs);
        return { exitCode: outcome.exitCode, timedOut: outcome.timedOut, output: outcome.output };
      } finally {
        await sandbox.dispose();
      }
    },
  };
}
