// The shapes `labs doctor` works with: a check, its result, and what checks may touch (injected for tests).

import type { LabDefinition } from "../../grader/lab/types.js";
import type { LabsHome } from "../home.js";
import type { LabsState, RegistryRecord } from "../state/state.js";

/** ok: fine; info: worth knowing; warn: something will not work, labs still can; fail: the labs cannot run. */
export type DoctorStatus = "ok" | "info" | "warn" | "fail";

/** One diagnosis: what was found and, when something is wrong, what to do. */
export interface DoctorResult {
  readonly id: string;
  readonly status: DoctorStatus;
  /** One sentence: what happened. */
  readonly summary: string;
  /** Evidence: versions, the output of a failed command, a capability list. */
  readonly detail?: string;
  /** What to do, as a sentence or a snippet to paste. */
  readonly fix?: string;
}

/** What an external command did; it never throws. */
export interface CommandOutcome {
  readonly exitCode: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
  /** The program is not installed (ENOENT). */
  readonly notFound: boolean;
  readonly timedOut: boolean;
}

/** Runs one program with a timeout (and optional stdin bytes). */
export type RunCommand = (
  file: string,
  args: readonly string[],
  options: { readonly timeoutMs: number; readonly input?: Uint8Array },
) => Promise<CommandOutcome>;

/** Free space of a file system, as `fs.statfs` reports it. */
export interface DiskSpace {
  readonly bavail: number;
  readonly bsize: number;
}

/** Everything the checks read from the machine; tests replace any of it. */
export interface DoctorDeps {
  readonly env: NodeJS.ProcessEnv;
  readonly home: LabsHome;
  /** `process.versions.node`. */
  readonly nodeVersion: string;
  readonly run: RunCommand;
  /** Throws (like `fs.statfs`) when the path does not exist. */
  readonly statfs: (path: string) => Promise<DiskSpace>;
  /** Whether the current user may create files in a directory. */
  readonly isWritable: (path: string) => Promise<boolean>;
  /** A text file's content, or undefined when it does not exist or cannot be read. */
  readonly readText: (path: string) => Promise<string | undefined>;
  /** File names in a directory (empty when it does not exist). */
  readonly listDir: (path: string) => Promise<readonly string[]>;
  /** The labs shipped with this package (invalid lab files are left out). */
  readonly loadLabs: () => Promise<readonly LabDefinition[]>;
  /** Whether a Docker engine answers through its socket (what `labs start` uses to choose the backend). */
  readonly engineAnswers: () => Promise<boolean>;
  /** Whether 127.0.0.1:port can be bound. */
  readonly isPortFree: (port: number) => Promise<boolean>;
  /** The port `labs start` would pick for a home without one (undefined when the whole range is taken). */
  readonly choosePort: (home: string) => Promise<number | undefined>;
  /** When the whole run must end (ms since the epoch); commands get what is left. */
  readonly deadline: number;
}

/** The lab registry as the state file records it, and whether it answers now. */
export interface RegistryFacts {
  readonly state: LabsState;
  readonly record: RegistryRecord | undefined;
  readonly answering: boolean;
  /** `127.0.0.1:PORT` of the recorded registry, else of the port the next `labs start` tries first. */
  readonly hostPort: string;
  /** Why the state file could not be read (it is then treated as empty). */
  readonly stateError?: string;
}

/** The Docker engine as `docker info` (or the socket) reports it. */
export interface EngineFacts {
  readonly cli: boolean;
  readonly reachable: boolean;
  readonly serverVersion?: string;
  /** `RegistryConfig` of `docker info`: which registries the engine talks plain HTTP to. */
  readonly registryConfig?: EngineRegistryConfig;
  readonly rootless: boolean;
  /** Why the engine does not answer (the CLI's message). */
  readonly error?: string;
}

/** The part of `docker info`'s RegistryConfig the doctor reads. */
export interface EngineRegistryConfig {
  readonly InsecureRegistryCIDRs?: readonly string[];
  readonly IndexConfigs?: Readonly<Record<string, { readonly Secure?: boolean }>>;
}

/** Facts several checks share, each gathered once per run. */
export interface DoctorContext {
  readonly deps: DoctorDeps;
  registry(): Promise<RegistryFacts>;
  engine(): Promise<EngineFacts>;
  labs(): Promise<readonly LabDefinition[]>;
  /** Runs a program, its timeout cut to what is left of the run's deadline. */
  run(
    file: string,
    args: readonly string[],
    options?: { timeoutMs?: number; input?: Uint8Array },
  ): Promise<CommandOutcome>;
}

/** One check: a stable id and how to run it. */
export interface DoctorCheck {
  readonly id: string;
  /** How long the check may take, when it needs longer than the run's default. */
  readonly timeoutMs?: number;
  run(ctx: DoctorContext): Promise<DoctorResult>;
}
