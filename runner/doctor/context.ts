// Facts several checks need (the lab registry, the Docker engine), gathered once per run, and a deadline-bound
// command runner.

import { pingRegistry } from "../../grader/registry/ping.js";
import { preferredPort } from "../registry/port.js";
import { type LabsState, readState } from "../state/state.js";
import type { CommandOutcome, DoctorContext, DoctorDeps, EngineFacts, RegistryFacts } from "./types.js";

const PING_TIMEOUT_MS = 3_000;
const DOCKER_INFO_TIMEOUT_MS = 2_500;
/** A command never gets less than this, so a late one still has a chance to answer. */
const MIN_COMMAND_MS = 200;

// A context whose facts are computed on first use and shared by every check of the run.
export function createDoctorContext(deps: DoctorDeps): DoctorContext {
  const ctx: DoctorContext = {
    deps,
    registry: once(() => registryFacts(deps)),
    engine: once(() => engineFacts(ctx)),
    // Parsing every lab file is CPU work that would starve the time-bound probes: it starts once they answered.
    labs: once(async () => {
      await Promise.allSettled([ctx.registry(), ctx.engine()]);
      return deps.loadLabs();
    }),
    run: (file, args, options = {}) => {
      const left = deps.deadline - Date.now();
      const timeoutMs = Math.max(MIN_COMMAND_MS, Math.min(options.timeoutMs ?? left, left));
      return deps.run(file, args, { timeoutMs, input: options.input });
    },
  };
  return ctx;
}

async function registryFacts(deps: DoctorDeps): Promise<RegistryFacts> {
  let state: LabsState = { schemaVersion: 1, labs: {} };
  let stateError: string | undefined;
  try {
    state = await readState(deps.home.stateFile);
  } catch (error) {
    stateError = (error as Error).message;
  }
  const record = state.registry;
  const answering = record ? await answers(record.url) : false;
  const hostPort = record?.hostPort ?? `127.0.0.1:${state.port ?? preferredPort(deps.home.root)}`;
  return { state, record, answering, hostPort, stateError };
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await pingRegistry(url, { timeoutMs: PING_TIMEOUT_MS })).ok;
  } catch {
    return false;
  }
}

/** The fields of `docker info --format '{{json .}}'` the doctor reads. */
interface DockerInfo {
  readonly ServerVersion?: string;
  readonly SecurityOptions?: readonly string[];
  readonly RegistryConfig?: EngineFacts["registryConfig"];
}

// `docker info` tells reachability, version and insecure registries in one call; without the CLI, the socket
// check `labs start` itself uses says whether an engine answers.
async function engineFacts(ctx: DoctorContext): Promise<EngineFacts> {
  const info = await ctx.run("docker", ["info", "--format", "{{json .}}"], { timeoutMs: DOCKER_INFO_TIMEOUT_MS });
  if (info.notFound) return { cli: false, reachable: await ctx.deps.engineAnswers(), rootless: false };
  const parsed = parseInfo(info);
  if (info.exitCode !== 0 || !parsed?.ServerVersion) {
    return { cli: true, reachable: false, rootless: false, error: engineError(info) };
  }
  return {
    cli: true,
    reachable: true,
    serverVersion: parsed.ServerVersion,
    registryConfig: parsed.RegistryConfig,
    rootless: (parsed.SecurityOptions ?? []).some((o) => o.includes("name=rootless")),
  };
}

function parseInfo(info: CommandOutcome): DockerInfo | undefined {
  try {
    return JSON.parse(info.stdout) as DockerInfo;
  } catch {
    return undefined;
  }
}

function engineError(info: CommandOutcome): string {
  if (info.timedOut) return "`docker info` did not answer in time";
  return info.stderr.trim().split("\n")[0] || `\`docker info\` exited with ${info.exitCode}`;
}

function once<T>(compute: () => Promise<T>): () => Promise<T> {
  let memo: Promise<T> | undefined;
  return () => {
    memo ??= compute();
    return memo;
  };
}
