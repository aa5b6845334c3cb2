import type { ExitCode } from "../errors.js";

/** What a command may touch: injected so tests run commands in-process. */
export interface CommandContext {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** A command's help: name, one-line summary, usage and examples. */
export interface CommandMeta {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly examples: readonly string[];
}

/** A command module: its help and how it runs on parsed arguments. */
export interface Command {
  readonly meta: CommandMeta;
  run(args: readonly string[], ctx: CommandContext): Promise<ExitCode>;
}
