import type { ShellRunner } from "../../grader/checks/inputs.js";

// The runner's shell runner for shell checks: bash in a throwaway HOME, values only as environment variables,
// the whole process group killed at the timeout (the grader itself never starts a process).
export function sandboxedShell(): ShellRunner {
  return {
    async run(command, env, timeoutMs) {
      // execa loads only when a lab has a shell check, not on every `labs check`.
      const [{ runSteps }, { createSandbox }] = await Promise.all([import("./run-steps.js"), import("./sandbox.js")]);
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
