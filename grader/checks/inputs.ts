// What a grading run can read besides registry objects: the learner's answers, workspace files, and (only
// when the runner allows it) shell commands. The grader defines these interfaces; the runner provides them.

/** An answer a learner gave with `labs answer`: already validated against its declared type. */
export type AnswerValue = string | number | readonly string[] | Readonly<Record<string, string>>;

/** Read-only, bounded access to the learner's workspace: regular files only, never through a symlink. */
export interface WorkspaceReader {
  /** The file's bytes, or undefined when it does not exist; throws when it is a symlink or over `maxBytes`. */
  read(path: string, maxBytes: number): Promise<Uint8Array | undefined>;
}

/** The outcome of a shell check's command. */
export interface ShellOutcome {
  readonly exitCode: number | undefined;
  readonly timedOut: boolean;
  readonly output: string;
}

/** Runs an author's shell check; values arrive as environment variables, never pasted into the command. */
export interface ShellRunner {
  run(command: string, env: Readonly<Record<string, string>>, timeoutMs: number): Promise<ShellOutcome>;
}

/** When a check may show its expected value to the learner. */
export type ShowExpected = "never" | "after-pass" | "always";
