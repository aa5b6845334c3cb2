// Stops and removes a labs home's registry container; the data volume stays unless purged.

import type { ContainerRuntimeClient } from "testcontainers";
import { dockerClient, engineApi } from "./engine.js";
import { isEngineNotFound } from "./errors.js";
import { homeFilters, volumeName } from "./identity.js";

/** Seconds distribution gets to finish requests after SIGTERM. */
const STOP_GRACE_SECONDS = 5;

/** What stopDockerRegistry removed. */
export interface StopResult {
  /** Containers of this home that were removed (0 when none ran: stopping is idempotent). */
  readonly containersRemoved: number;
  /** Whether the data volume was removed (only with `purge`). */
  readonly volumeRemoved: boolean;
}

// Stops and removes this home's registry container (never another home's); `purge` also deletes its data volume.
export async function stopDockerRegistry(
  home: string,
  options: { readonly purge?: boolean } = {},
): Promise<StopResult> {
  const client = await dockerClient();
  const containers = await engineApi(client).listContainers({
    all: true,
    filters: { label: homeFilters(home, "registry") },
  });
  for (const info of containers) {
    const container = engineApi(client).getContainer(info.Id);
    if (info.State === "running") await container.stop({ t: STOP_GRACE_SECONDS }).catch(ignoreNotModified);
    // `v` removes anonymous volumes only; the named data volume stays.
    await container.remove({ force: true, v: true }).catch(ignoreMissing);
  }
  const volumeRemoved = options.purge === true && (await removeVolume(client, volumeName(home)));
  return { containersRemoved: containers.length, volumeRemoved };
}

async function removeVolume(client: ContainerRuntimeClient, name: string): Promise<boolean> {
  try {
    await engineApi(client).getVolume(name).remove();
    return true;
  } catch (error) {
    ignoreMissing(error);
    return false;
  }
}

// A container that already stopped answers 304; that is success here.
function ignoreNotModified(error: unknown): void {
  if ((error as { statusCode?: number }).statusCode !== 304) ignoreMissing(error);
}

// Something already gone (404) is what we wanted; anything else is a real failure.
function ignoreMissing(error: unknown): void {
  if (!isEngineNotFound(error)) throw error;
}
