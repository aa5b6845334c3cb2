import { integerField, regexField, stringField } from "./content-fields.js";
import { unknownFields } from "./fields.js";
import { defineCheck, type FieldProblem } from "./kind.js";

/** An author's escape hatch: a command, its environment, a time limit and the exit code (and output) it needs. */
export interface ShellSpec {
  readonly command: string;
  /** Extra environment variables; the run's values (REGISTRY, PREFIX, SEED_<NAME>_DIGEST, …) take precedence. */
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly expectExit: number;
  readonly output?: RegExp;
}

/** Seconds a command may run: by default, and at most. */
export const DEFAULT_SHELL_TIMEOUT_S = 10;
export const MAX_SHELL_TIMEOUT_S = 120;
const OUTPUT_SHOWN = 400;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

// Runs only where the runner provides a shell runner (which kills the process group at the timeout). Values reach
// the command as environment variables, never pasted into its text, so a value cannot inject shell syntax.
export const shell = defineCheck<ShellSpec>({
  kind: "shell",
  summary: "an author's command, run with the lab's values as environment variables; passes on the expected exit code",
  gradableFromBundle: false,
  validate(fields) {
    const problems: FieldProblem[] = [];
    unknownFields(fields, ["command", "env", "timeout", "expectExit", "output"], problems);
    const command = stringField(fields, "command", problems, true);
    const env = readEnv(fields.env, problems);
    const timeout = integerField(fields, "timeout", problems, 1, MAX_SHELL_TIMEOUT_S) ?? DEFAULT_SHELL_TIMEOUT_S;
    const expectExit = integerField(fields, "expectExit", problems, 0, 255) ?? 0;
    const output = regexField(fields, "output", problems);
    if (!command || problems.length > 0) return { problems };
    return { spec: { command, env, timeoutMs: timeout * 1000, expectExit, ...(output ? { output } : {}) }, problems };
  },
  async run(spec, ctx) {
    if (!ctx.shell) return { status: "error", summary: "shell checks are disabled here" };
    const outcome = await ctx.shell.run(spec.command, { ...spec.env, ...ctx.values }, spec.timeoutMs);
    const tail = outcome.output.length > OUTPUT_SHOWN ? `…${outcome.output.slice(-OUTPUT_SHOWN)}` : outcome.output;
    if (outcome.timedOut)
      return {
        status: "error",
        summary: `the command did not finish within ${spec.timeoutMs / 1000} s and was stopped`,
      };
    if (outcome.exitCode !== spec.expectExit) {
      const ended = outcome.exitCode === undefined ? "was ended by a signal" : `exited with ${outcome.exitCode}`;
      return {
        status: "fail",
        summary: `The check's command ${ended}.`,
        expected: `exit code ${spec.expectExit}`,
        actual: tail.trim()
          ? `exit code ${outcome.exitCode ?? "none"}; output: ${tail.trim()}`
          : `exit code ${outcome.exitCode ?? "none"}`,
        hint: "Read the command's output above for what it found.",
      };
    }
    if (spec.output && !spec.output.test(outcome.output)) {
      return {
        status: "fail",
        summary: "The check's command printed something else than expected.",
        expected: `output matching /${spec.output.source}/`,
        actual: tail.trim() || "no output",
        hint: "Read the command's output for what it found.",
      };
    }
    return {
      status: "pass",
      summary: `The check's command exited with ${outcome.exitCode}${spec.output ? " and printed what was expected" : ""}.`,
    };
  },
});

function readEnv(value: unknown, problems: FieldProblem[]): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    problems.push({ path: ["env"], message: "`env` is a mapping of variable names to strings" });
    return {};
  }
  const env: Record<string, string> = {};
  for (const [name, v] of Object.entries(value)) {
    if (!ENV_NAME.test(name))
      problems.push({ path: ["env", name], message: `${JSON.stringify(name)} is not a variable name` });
    else if (typeof v !== "string") problems.push({ path: ["env", name], message: "each value of `env` is a string" });
    else env[name] = v;
  }
  return env;
}
