// Finds a labs home's registry container and volume through their labels.

import type { ContainerRuntimeClient } from "testcontainers";
import { engineApi } from "./engine.js";
import { isEngineNotFound } from "./errors.js";
import { homeFilters, labelsFor, volumeName } from "./identity.js";

/** The port inside the container distribution listens on. */
export const REGISTRY_CONTAINER_PORT = 5000;

/** A home's registry container as the engine reports it. */
export interface HomeContainer {
  readonly id: string;
  readonly running: boolean;
  /** The 127.0.0.1 port it publishes (from its configuration, so also known while stopped). */
  readonly port: number | undefined;
  readonly image: string;
}

// The registry container of a home, running or stopped; undefined when there is none.
export async function findHomeContainer(
  client: ContainerRuntimeClient,
  home: string,
): Promise<HomeContainer | undefined> {
  const found = await engineApi(client).listContainers({
    all: true,
    filters: { label: homeFilters(home, "registry") },
  });
  const info = found.find((c) => c.State !== "removing" && c.State !== "dead");
  if (info === undefined) return undefined;
  const inspected = await inspectIfPresent(client, info.Id);
  if (inspected === undefined) return undefined;
  const binding = inspected.HostConfig.PortBindings?.[`${REGISTRY_CONTAINER_PORT}/tcp`]?.[0];
  const port = binding?.HostPort ? Number.parseInt(binding.HostPort, 10) : undefined;
  return { id: info.Id, running: inspected.State.Running, port, image: info.Image };
}

// A container being created (another `labs start` still copies its volume) is listed before it can be
// inspected, and one being removed can vanish between the two calls: both answer 404, meaning "none yet".
async function inspectIfPresent(client: ContainerRuntimeClient, id: string) {
  try {
    return await engineApi(client).getContainer(id).inspect();
  } catch (error) {
    if (isEngineNotFound(error)) return undefined;
    throw error;
  }
}

// Creates the home's data volume (kept by `labs stop`); creating an existing volume is a no-op for the engine.
export async function ensureVolume(
  client: ContainerRuntimeClient,
  home: string,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const name = volumeName(home);
  await engineApi(client).createVolume({ Name: name, Labels: labelsFor(home, "registry-data", env) });
  return name;
}
