#!/usr/bin/env node
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Command, CommandContext } from "./commands/context.js";
import { EXIT, type ExitCode, LabsError } from "./errors.js";

// Commands load lazily, so `check` and `status` never load Docker or process libraries.
const COMMANDS: Record<string, () => Promise<Command>> = {
  list: async () => (await import("./commands/list.js")).listCommand,
  start: async () => (await import("./commands/start.js")).startCommand,
  check: async () => (await import("./commands/check.js")).checkCommand,
  watch: async () => (await import("./commands/watch.js")).watchCommand,
  status: async () => (await import("./commands/status.js")).statusCommand,
  stop: async () => (await import("./commands/stop.js")).stopCommand,
  registry: async () => (await import("./commands/registry.js")).registryCommand,
  test: async () => (await import("./commands/test.js")).testCommand,
  answer: async () => (await import("./commands/answer.js")).answerCommand,
  reset: async () => (await import("./commands/reset.js")).resetCommand,
  hint: async () => (await import("./commands/hint.js")).hintCommand,
  validate: async () => (await import("./commands/validate.js")).validateCommand,
  new: async () => (await import("./commands/new.js")).newCommand,
  submit: async () => (await import("./commands/submit.js")).submitCommand,
  grade: async () => (await import("./commands/grade.js")).gradeCommand,
  solution: async () => (await import("./commands/solution.js")).solutionCommand,
  pack: async () => (await import("./commands/pack.js")).packCommand,
  inspect: async () => (await import("./commands/inspect.js")).inspectCommand,
  whatis: async () => (await import("./commands/whatis.js")).whatisCommand,
  doctor: async () => (await import("./commands/doctor.js")).doctorCommand,
};

const HELP = `labs: learn how container images really work, by doing.

Usage: labs <command> [arguments]

  list              the labs and your progress
  start N           start lab N: a registry, the seeded images and your task
  check [N]         check your work and explain what is wrong
  watch [N]         watch your tasks turn green as you work (r checks afresh, q quits)
  hint [N] [TASK]   the next hint for a task
  answer N KEY VAL  record an answer a lab asks for
  reset N           back to the seeded state (your work is backed up first)
  status            the registry and your progress
  inspect REF       the objects behind a reference, as a tree (--format dot|svg|mermaid|json for a picture)
  whatis DIGEST     what a digest is in the lab registry, and which tags reach it
  doctor [--json]   diagnose this machine: Node, Docker, registry, tools, ports, disk
  stop [--purge]    stop the lab registry (--purge also deletes its data)
  registry serve    run the embedded registry in the foreground
  registry gc       garbage-collect the lab registry
  test [N|--all]    self-test labs (for authors): start fails, solution passes, wrong attempts caught
  validate [PATH]   check lab files (for authors): schema, ids, references, hints, concept order
  new N SLUG        create a lab folder with a lab.yaml to fill in (for authors)
  solution [N]      the reference solution, once you passed the lab
  submit [N]        write a submission bundle of a lab (or push it with --to) for grading
  grade --lab N ... grade bundles or a course registry in bulk (for course staff)
  pack -o DIR       the learner edition of the labs: no solutions, wrong attempts or hidden checks

Run \`labs <command> --help\` for a command's options.
`;

// Runs the CLI with injected streams and environment; returns the exit code (only main() sets it).
export async function runCli(argv: readonly string[], ctx: CommandContext): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    ctx.stdout.write(HELP);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === "--version" || name === "-v") {
    ctx.stdout.write(`${(await import("./package-root.js")).packageVersion()}\n`);
    return EXIT.ok;
  }
  const load = COMMANDS[name];
  if (!load) {
    ctx.stderr.write(`labs: unknown command "${name}".\n\n${HELP}`);
    return EXIT.usage;
  }
  try {
    const command = await load();
    if (rest.includes("--help") || rest.includes("-h")) {
      ctx.stdout.write(
        `${command.meta.summary}\n\nUsage: ${command.meta.usage}\n\nExamples:\n${command.meta.examples.map((e) => `  ${e}`).join("\n")}\n`,
      );
      return EXIT.ok;
    }
    return await command.run(rest, ctx);
  } catch (error) {
    // The renderer (and its colours) loads only for an error, so it never delays a command's own work.
    const { renderError, renderErrorJson } = await import("./ui/render-error.js");
    ctx.stderr.write(renderError(error, ctx));
    if (rest.includes("--json")) ctx.stdout.write(renderErrorJson(error));
    return error instanceof LabsError ? error.exitCode : EXIT.environment;
  }
}

async function main(): Promise<void> {
  const ctx: CommandContext = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
  process.exitCode = await runCli(process.argv.slice(2), ctx);
}

const invokedDirectly =
  process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) await main();
