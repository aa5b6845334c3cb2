import type { Authenticator } from "../../grader/registry/auth.js";
import { pingRegistry } from "../../grader/registry/ping.js";
import { type RegistryAuthOptions, registryAuth } from "../credentials/registry-auth.js";
import { LabsError, usageError } from "../errors.js";
import type { LabsHome } from "../home.js";
import type { LabsState, RegistryRecord } from "../state/state.js";
import type { RegistryEndpoint } from "./backend.js";

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

// Reuses the recorded registry when it answers and fits the request; otherwise starts the requested one.
// A remote registry is reached with the credentials `auth` finds, when it asks for them.
export async function ensureRegistry(
  home: LabsHome,
  state: LabsState,
  request: RegistryRequest,
  port?: number,
  auth: RegistryAuthOptions = {},
  whileStarting?: () => void,
): Promise<ChosenRegistry> {
  const recorded = state.registry;
  if (recorded && fits(recorded, request) && (await answers(recorded.url, registryAuth(recorded.url, auth)))) {
    return { record: recorded, reason: `reusing the ${recorded.kind} registry already running` };
  }
  if (request.kind === "remote") {
    const record = await remoteRecord(request.url, auth);
    return { record, reason: "the registry you named" };
  }
  const chosenPort = port ?? state.port;
  if (request.kind === "embedded")
    return {
      record: await startEmbedded(home, chosenPort, whileStarting),
      reason: "you asked for the embedded registry",
    };
  const docker = await import("./docker/index.js");
  if (request.kind === "docker" || (await docker.isDockerAvailable())) {
    const endpoint = await docker.startDockerRegistry({ home: home.root, port: chosenPort });
    const reason = request.kind === "docker" ? "you asked for Docker" : "a Docker engine answered";
    return { record: toRecord(endpoint), reason };
  }
  return {
    record: await startEmbedded(home, chosenPort, whileStarting),
    reason: "no Docker engine answered, so labs runs its own registry",
  };
}

async function startEmbedded(
  home: LabsHome,
  port: number | undefined,
  whileStarting?: () => void,
): Promise<RegistryRecord> {
  const { launchEmbedded } = await import("./embedded-launcher.js");
  const { chooseFreePort } = await import("./port.js");
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
  if (!(await answers(url, registryAuth(url, auth)))) {
    throw new LabsError(
      "REGISTRY_UNREACHABLE",
      `The registry at ${url} does not answer GET /v2/.`,
      "Check the URL and that the registry is running.",
    );
  }
  const { probeCapabilities } = await import("./probe.js");
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

// Whether GET /v2/ succeeds; a refused login is thrown (a LabsError that says what to do), not a silent no.
async function answers(url: string, auth?: Authenticator): Promise<boolean> {
  try {
    return (await pingRegistry(url, { timeoutMs: 1_500, auth })).ok;
  } catch (error) {
    if (error instanceof LabsError) throw error;
    return false;
  }
}
