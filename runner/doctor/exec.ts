// The real command runner of `labs doctor`: execa with a timeout, never rejecting, killing hard on timeout.

import { execa } from "execa";
import type { CommandOutcome, RunCommand } from "./types.js";

/** How long a program gets after SIGTERM (on timeout) before SIGKILL. */
const KILL_GRACE_MS = 300;

// A runner with the learner's environment (DOCKER_HOST, HOME…): a missing program or a timeout is an outcome.
export function commandRunner(env: NodeJS.ProcessEnv): RunCommand {
  return (file, args, options) => runOnce(env, file, args, options);
}

async function runOnce(
  env: NodeJS.ProcessEnv,
  file: string,
  args: readonly string[],
  options: Parameters<RunCommand>[2],
): Promise<CommandOutcome> {
  const result = await execa(file, [...args], {
    reject: false,
    timeout: Math.max(1, options.timeoutMs),
    forceKillAfterDelay: KILL_GRACE_MS,
    ...(options.input === undefined ? { stdin: "ignore" as const } : { input: options.input }),
    // English messages, so failures can be recognised.
    env: { ...env, LC_ALL: "C" },
    extendEnv: false,
  });
  const code = (result as { code?: string }).code;
  return {
    exitCode: result.exitCode,
    stdout: String(result.stdout ?? ""),
    stderr: String(result.stderr ?? ""),
    notFound: code === "ENOENT",
    timedOut: result.timedOut === true,
  };
}
