// The connection to the Docker engine, shared with testcontainers, and a fast "is there an engine" check.

import type Dockerode from "dockerode";
import { type ContainerRuntimeClient, getContainerRuntimeClient } from "testcontainers";
import { noEngineError } from "./errors.js";

/** How long isDockerAvailable waits for an engine to answer. */
export const ENGINE_CHECK_TIMEOUT_MS = 2_000;

// The engine client testcontainers found (DOCKER_HOST, the default socket, rootless sockets); NO_ENGINE if none.
export async function dockerClient(): Promise<ContainerRuntimeClient> {
  try {
    return await getContainerRuntimeClient();
  } catch (error) {
    throw noEngineError(error);
  }
}

// Whether an engine answers a ping within the timeout; used to choose between the docker and embedded backends.
export async function isDockerAvailable(timeoutMs: number = ENGINE_CHECK_TIMEOUT_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
    timer.unref();
  });
  const ping = getContainerRuntimeClient()
    .then((client) => client.container.dockerode.ping())
    .then(
      () => true,
      () => false,
    );
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// The engine API with its types: testcontainers' declarations lose dockerode's types under this tsconfig.
export function engineApi(client: ContainerRuntimeClient): Dockerode {
  return client.container.dockerode as Dockerode;
}
