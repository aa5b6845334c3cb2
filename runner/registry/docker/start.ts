// Starts (or finds) the lab registry container of a labs home; it outlives the `labs` process that started it.

import { setTimeout as sleep } from "node:timers/promises";
import { type ContainerRuntimeClient, Wait } from "testcontainers";
import { LabsError } from "../../errors.js";
import { loopbackEndpoint, type RegistryCapabilities, type RegistryEndpoint } from "../backend.js";
import { chooseFreePort, isPortFree, PORT_RANGE } from "../port.js";
import { containerCapabilities } from "./capabilities.js";
import { dockerClient, engineApi } from "./engine.js";
import { PortInUseError, startFailedError } from "./errors.js";
import { containerName, labelsFor } from "./identity.js";
import { ensureImage, registryImage } from "./image.js";
import { ensureVolume, findHomeContainer, type HomeContainer, REGISTRY_CONTAINER_PORT } from "./lookup.js";
import { LoopbackContainer } from "./loopback-container.js";
import { answersV2, waitForV2 } from "./ready.js";

/** How long a container may take from `docker start` until `GET /v2/` answers. */
export const STARTUP_TIMEOUT_MS = 30_000;

/** Options of startDockerRegistry. */
export interface StartDockerRegistryOptions {
  /** The labs home (its absolute path identifies the container, volume and port). */
  readonly home: string;
  /** The port this home used before (kept by the caller); chosen from 5100-5999 when absent. */
  readonly port?: number;
  /** Image to run; default $LABS_REGISTRY_IMAGE, else the pinned official image. */
  readonly image?: string;
  /** Environment to read LABS_REGISTRY_IMAGE and LABS_TEST_RUN from; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
}

/** A docker-backed registry endpoint, with the port to remember and whether a running container was reused. */
export interface DockerRegistryEndpoint extends RegistryEndpoint {
  readonly port: number;
  readonly reused: boolean;
}

// Starts the home's registry, or reuses (and if stopped, restarts) the container it already has.
export async function startDockerRegistry(options: StartDockerRegistryOptions): Promise<DockerRegistryEndpoint> {
  const env = options.env ?? process.env;
  const client = await dockerClient();
  const existing = await findHomeContainer(client, options.home);
  if (existing) return resumeContainer(client, existing);
  const image = registryImage(env, options.image);
  await ensureImage(client, image);
  const port = await claimPort(options.home, options.port);
  const volume = await ensureVolume(client, options.home, env);
  const container = new LoopbackContainer(image)
    .withName(containerName(options.home))
    .withLabels(labelsFor(options.home, "registry", env))
    .withEnvironment({ REGISTRY_STORAGE_DELETE_ENABLED: "true" })
    .withBindMounts([{ source: volume, target: "/var/lib/registry" }])
    .withLoopbackPort(REGISTRY_CONTAINER_PORT, port)
    .withWaitStrategy(Wait.forLogMessage("listening on"))
    .withStartupTimeout(STARTUP_TIMEOUT_MS)
    .withAutoCleanup(false)
    .withAutoRemove(false);
  try {
    const id = (await container.start()).getId();
    return { ...(await readyEndpoint(id, port)), reused: false };
  } catch (error) {
    if (container.createdId) await removeQuietly(client, container.createdId);
    if (error instanceof LabsError) throw error;
    return recoverFromStartError(client, options.home, image, port, error);
  }
}

// Finds the home's running registry; undefined when there is none or it is stopped.
export async function findDockerRegistry(
  home: string,
  known?: RegistryCapabilities,
): Promise<DockerRegistryEndpoint | undefined> {
  const existing = await findHomeContainer(await dockerClient(), home);
  if (!existing?.running || existing.port === undefined) return undefined;
  const url = `http://127.0.0.1:${existing.port}`;
  if (!(await answersV2(url))) return undefined;
  const capabilities = known ?? (await containerCapabilities(existing.id, url));
  return { ...loopbackEndpoint("docker", existing.port, existing.id, capabilities), port: existing.port, reused: true };
}

async function resumeContainer(
  client: ContainerRuntimeClient,
  existing: HomeContainer,
): Promise<DockerRegistryEndpoint> {
  if (existing.port === undefined) throw startFailedError(`container ${existing.id.slice(0, 12)} publishes no port`);
  if (!existing.running) {
    if (!(await isPortFree(existing.port))) throw new PortInUseError(existing.port);
    await engineApi(client).getContainer(existing.id).start();
  }
  return { ...(await readyEndpoint(existing.id, existing.port)), reused: existing.running };
}

async function readyEndpoint(id: string, port: number): Promise<RegistryEndpoint & { readonly port: number }> {
  const url = `http://127.0.0.1:${port}`;
  if (!(await waitForV2(url, STARTUP_TIMEOUT_MS))) {
    throw startFailedError(`\`GET ${url}/v2/\` did not answer 200 within ${STARTUP_TIMEOUT_MS / 1000} s`);
  }
  try {
    return { ...loopbackEndpoint("docker", port, id, await containerCapabilities(id, url)), port };
  } catch (error) {
    throw startFailedError(`probing the registry at ${url} failed (${firstLine(error)})`, error);
  }
}

// The caller's port when given (it must be free), else the first free one from the home's preferred port.
async function claimPort(home: string, port: number | undefined): Promise<number> {
  if (port !== undefined) {
    if (!(await isPortFree(port))) throw new PortInUseError(port);
    return port;
  }
  const free = await chooseFreePort(home);
  if (free === undefined) {
    throw new LabsError(
      "ENVIRONMENT",
      `Every port from ${PORT_RANGE.first} to ${PORT_RANGE.last} on 127.0.0.1 is in use.`,
      "Stop other lab registries with `labs stop`, then start again.",
    );
  }
  return free;
}

// Another `labs start` for the same home won the race: use its container. A taken port or anything else: explain.
async function recoverFromStartError(
  client: ContainerRuntimeClient,
  home: string,
  image: string,
  port: number,
  error: unknown,
): Promise<DockerRegistryEndpoint> {
  const text = String(error);
  if (/already in use by container/i.test(text)) {
    const winner = await awaitWinner(client, home);
    if (winner) return resumeContainer(client, winner);
    throw startFailedError(
      `a container named \`${containerName(home)}\` exists, but no labs registry of this home ran within 5 s (one without labs labels, or one that never started)`,
      error,
    );
  }
  if (/port is already allocated|address already in use/i.test(text)) throw new PortInUseError(port, { cause: error });
  throw startFailedError(`\`${image}\` failed to start (${firstLine(error)})`, error);
}

// The engine reserves a name before the container shows up in listings, and the other caller starts it:
// poll until it runs (so we never start it under the other caller's feet), or give up after a few seconds.
async function awaitWinner(client: ContainerRuntimeClient, home: string): Promise<HomeContainer | undefined> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const found = await findHomeContainer(client, home);
    if (found?.running || Date.now() > deadline) return found;
    await sleep(100);
  }
}

async function removeQuietly(client: ContainerRuntimeClient, id: string): Promise<void> {
  await engineApi(client)
    .getContainer(id)
    .remove({ force: true, v: true })
    .catch(() => undefined);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}
