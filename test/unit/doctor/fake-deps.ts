// Fake machines for doctor unit tests: every dependency answers from a table, nothing touches the real system
// unless a test passes a real piece in.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTestFinished } from "vitest";
import type { LabDefinition } from "../../../grader/lab/types.js";
import { createDoctorContext } from "../../../runner/doctor/context.js";
import type { CommandOutcome, DoctorContext, DoctorDeps, RunCommand } from "../../../runner/doctor/types.js";
import { labsHome } from "../../../runner/home.js";

/** A command's outcome by `file arg0`, e.g. "docker info"; anything not listed is a missing program. */
export type CommandTable = Readonly<Record<string, Partial<CommandOutcome> | (() => Promise<Partial<CommandOutcome>>)>>;

/** Every call a fake runner received, as "file arg arg…". */
export interface RecordingRunner {
  readonly run: RunCommand;
  readonly calls: string[];
}

// A runner answering from `table` (key: program and first argument, or the program alone).
export function fakeRunner(table: CommandTable): RecordingRunner {
  const calls: string[] = [];
  const run: RunCommand = async (file, args) => {
    calls.push([file, ...args].join(" "));
    const entry = table[`${file} ${args[0] ?? ""}`.trim()] ?? table[file];
    if (entry === undefined) return { exitCode: undefined, stdout: "", stderr: "", notFound: true, timedOut: false };
    const partial = typeof entry === "function" ? await entry() : entry;
    return { exitCode: 0, stdout: "", stderr: "", notFound: false, timedOut: false, ...partial };
  };
  return { run, calls };
}

/** `docker info` of a local engine that allows plain HTTP to loopback only. */
export const DOCKER_INFO_OK: Partial<CommandOutcome> = {
  stdout: JSON.stringify({
    ServerVersion: "20.10.24",
    SecurityOptions: ["name=seccomp,profile=default"],
    RegistryConfig: { InsecureRegistryCIDRs: ["127.0.0.0/8"], IndexConfigs: {} },
  }),
};

/** `docker info` when no engine answers. */
export const DOCKER_INFO_DOWN: Partial<CommandOutcome> = {
  exitCode: 1,
  stdout: JSON.stringify({ ServerVersion: "" }),
  stderr: "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?",
};

// A lab whose solution (and wrong attempts) declare the given tools; other fields are never read by the doctor.
export function labUsing(number: number, solution: readonly string[], wrong: readonly string[] = []): LabDefinition {
  return {
    number,
    solution: { run: "", tools: solution },
    wrongAttempts: [{ name: "w", run: "", tools: wrong, task: "t", check: "c", diagnosis: [], requires: [] }],
  } as unknown as LabDefinition;
}

// Dependencies of a healthy machine with an empty temporary labs home (removed when the test ends); override
// what a test is about. Call it inside a test.
export function fakeDeps(overrides: Partial<DoctorDeps> = {}): DoctorDeps {
  const root = mkdtempSync(join(tmpdir(), "labs-doctor-"));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  return {
    env: { LABS_HOME: root, HOME: root },
    home: labsHome({ LABS_HOME: root }),
    nodeVersion: "20.11.1",
    run: fakeRunner({ "docker info": DOCKER_INFO_OK }).run,
    statfs: async () => ({ bavail: 10 * 1024 ** 2, bsize: 4096 }),
    isWritable: async () => true,
    readText: async () => undefined,
    listDir: async () => [],
    loadLabs: async () => [],
    engineAnswers: async () => false,
    isPortFree: async () => true,
    choosePort: async () => 5100,
    deadline: Date.now() + 10_000,
    ...overrides,
  };
}

// A context over fake dependencies.
export function fakeContext(overrides: Partial<DoctorDeps> = {}): DoctorContext {
  return createDoctorContext(fakeDeps(overrides));
}
