import type { RegistryAuthOptions } from "../credentials/registry-auth.js";
import { LabsError, usageError } from "../errors.js";
import type { LabsHome } from "../home.js";
import type { LabsState, RegistryRecord } from "../state/state.js";
import type { RegistryEndpoint } from "./backend.js";
import { dockerAnswers } from "./engine-presence.js";
import { acceptsConnections, chooseFreePort } from "./port.js";
import { stopHomeRegistries } from "./stop-home.js";

/** Which registry a learner asked for: a backend by name, a URL, or the default choice. */
export type RegistryRequest =
  | { readonly kind: "docker" | "embedded" | "auto" }
  | { readonly kind: "remote"; readonly url: string };

/** A ready registry and how it was chosen, for the learner to read. */
export interface ChosenRegistry {
  readonly record: RegistryRecord;
  readonly reason: string;
}

// Reads `--registry` (or LABS_REGISTRY): docker, embedded, a URL, or nothing for the default.
export function parseRegistryRequest(value: string | undefined): RegistryRequest {
  if (value === undefined || value === "" || value === "auto") return { kind: "auto" };
  if (value === "docker" || value === "embedded") return { kind: value };
  if (/^https?:\/\//.test(value)) return { kind: "remote", url: value.replace(/\/+$/, "") };
  throw usageError(
    `"${value}" is not a registry choice.`,
    "Use --registry docker, --registry embedded or --registry http://HOST:PORT.",
  );
}

/** How ensureRegistry reaches or starts a registry. */
export interface EnsureRegistryOptions {
  /** The port to start on (else the one this home used, else a free one). */
  readonly port?: number;
  /** How to find credentials for a remote registry. */
  readonly auth?: RegistryAuthOptions;
  /** Where DOCKER_HOST is read; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Work for the time the registry takes to start (loading the lab); runs once, after an embedded registry's
   * process is spawned (so that process starts first), and is awaited before ensureRegistry returns. */
  readonly whileStarting?: () => Promise<unknown>;
}

// Reuses the recorded registry when it answers and fits the request; otherwise starts the requested one. With no
// request (auto) it restarts the backend that holds this home's work, else Docker when an engine answers and has
// the registry image, else the embedded registry. A remote registry is reached with the credentials `auth` finds.
export async function ensureRegistry(
  home: LabsHome,
  state: LabsState,
  request: RegistryRequest,
  options: EnsureRegistryOptions = {},
): Promise<ChosenRegistry> {
  let work: Promise<unknown> | undefined;
  const startWork = () => {
    if (work) return;
    work = options.whileStarting?.() ?? Promise.resolve();
    // Awaited below; until then a failure must not count as unhandled.
    work.catch(() => undefined);
  };
  const chosen = await chooseRegistry(home, state, request, options, startWork);
  startWork();
  await work;
  return chosen;
}

async function chooseRegistry(
  home: LabsHome,
  state: LabsState,
  request: RegistryRequest,
  options: EnsureRegistryOptions,
  startWork: () => void,
): Promise<ChosenRegistry> {
  const auth = options.auth ?? {};
  const recorded = state.registry;
  if (recorded && fits(recorded, request) && (await stillAnswers(recorded, auth, startWork))) {
    return { record: recorded, reason: `reusing the ${recorded.kind} registry already running` };
  }
  if (request.kind === "remote") {
    startWork();
    const record = await remoteRecord(request.url, auth);
    return { record, reason: "the registry you named" };
  }
  const port = options.port ?? state.port;
  // One home, one port: the registry of this home running on the other backend gives way (its data stays).
  const switched = recorded !== undefined && recorded.kind !== "remote" && !fits(recorded, request);
  const note =
    switched &&
    (await stopHomeRegistries(home, options.env ?? process.env, { docker: recorded.kind === "docker" })).length
      ? `; the ${recorded.kind} registry stopped first, its data kept`
      : "";
  const embedded = async (reason: string) => ({
    record: await startEmbedded(home, port, startWork),
    reason: reason + note,
  });
  if (request.kind === "embedded") return embedded("you asked for the embedded registry");
  if (request.kind === "auto" && recorded?.kind === "embedded") return embedded("the backend this home used last");
  if (request.kind === "docker") {
    startWork();
    return { record: await startDocker(home, port), reason: `you asked for Docker${note}` };
  }
  if (await dockerAnswers(options.env ?? process.env)) {
    startWork();
    try {
      return { record: await startDocker(home, port), reason: "a Docker engine answered" };
    } catch (error) {
      if (!(error instanceof LabsError && error.code === "REGISTRY_IMAGE_MISSING")) throw error;
      return embedded("Docker has no registry image and cannot pull one, so labs runs its own registry");
    }
  }
  return embedded(
    recorded?.kind === "docker"
      ? "no Docker engine answers, so labs runs its own registry; `--registry docker` returns to your Docker one"
      : "no Docker engine answered, so labs runs its own registry",
  );
}

async function startDocker(home: LabsHome, port: number | undefined): Promise<RegistryRecord> {
  const { startDockerRegistry } = await import("./docker/index.js");
  return toRecord(await startDockerRegistry({ home: home.root, port }));
}

async function startEmbedded(
  home: LabsHome,
  port: number | undefined,
  whileStarting?: () => void,
): Promise<RegistryRecord> {
  const { launchEmbedded } = await import("./embedded-launcher.js");
  const chosen = port ?? (await chooseFreePort(home.root));
  if (chosen === undefined)
    throw new LabsError("ENVIRONMENT", "No free port for the registry in 5100-5999.", "Free one, or pass --port.");
  const running = await launchEmbedded(home, chosen, whileStarting);
  const { EMBEDDED_CAPABILITIES } = await import("./embedded/capabilities.js");
  return toRecord({
    kind: "embedded",
    url: running.url,
    hostPort: `127.0.0.1:${running.port}`,
    id: String(running.pid),
    capabilities: EMBEDDED_CAPABILITIES,
  });
}

async function remoteRecord(url: string, auth: RegistryAuthOptions): Promise<RegistryRecord> {
  if (!(await answers(url, auth))) {
    throw new LabsError(
      "REGISTRY_UNREACHABLE",
      `The registry at ${url} does not answer GET /v2/.`,
      "Check the URL and that the registry is running.",
    );
  }
  const [{ probeCapabilities }, { registryAuth }] = await Promise.all([
    import("./probe.js"),
    import("../credentials/registry-auth.js"),
  ]);
  const probeAuth = registryAuth(url, { ...auth, push: true });
  const capabilities = { ...(await probeCapabilities(url, probeAuth)), garbageCollection: false };
  return toRecord({ kind: "remote", url, hostPort: new URL(url).host, id: url, capabilities });
}

function toRecord(endpoint: RegistryEndpoint): RegistryRecord {
  const { kind, url, hostPort, id } = endpoint;
  return { kind, url, hostPort, id, capabilities: { ...endpoint.capabilities }, startedAt: new Date().toISOString() };
}

function fits(record: RegistryRecord, request: RegistryRequest): boolean {
  if (request.kind === "auto") return true;
  if (request.kind === "remote") return record.kind === "remote" && record.url === request.url;
  return record.kind === request.kind;
}

// Whether the recorded registry still answers. One on loopback that refuses the connection is not running, and no
// HTTP client or credential lookup loads for it; one that accepts is most likely reused, so the work starts now.
async function stillAnswers(recorded: RegistryRecord, auth: RegistryAuthOptions, startWork: () => void) {
  const { hostname, port } = new URL(recorded.url);
  if (hostname === "127.0.0.1" && !(await acceptsConnections(hostname, Number(port || 80)))) return false;
  startWork();
  return answers(recorded.url, auth);
}

// Whether GET /v2/ succeeds; a refused login is thrown (a LabsError that says what to do), not a silent no.
async function answers(url: string, auth: RegistryAuthOptions): Promise<boolean> {
  const [{ pingRegistry }, { registryAuth }] = await Promise.all([
    import("../../grader/registry/ping.js"),
    import("../credentials/registry-auth.js"),
  ]);
  try {
    return (await pingRegistry(url, { timeoutMs: 1_500, auth: registryAuth(url, auth) })).ok;
  } catch (error) {
    if (error instanceof LabsError) throw error;
    return false;
  }
}
