import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestRegistry } from "./scenario.js";

/** A throwaway registry for self-tests, removed with its data when disposed. */
export interface DisposableRegistry extends TestRegistry {
  readonly kind: "docker" | "embedded";
  dispose(): Promise<void>;
}

// Starts a fresh registry of the given kind in a temporary home, never the learner's.
export async function startTestRegistry(kind: "docker" | "embedded"): Promise<DisposableRegistry> {
  const home = await mkdtemp(join(tmpdir(), "labs-selftest-"));
  if (kind === "embedded") {
    const { startEmbeddedRegistry } = await import("../registry/embedded/index.js");
    const server = await startEmbeddedRegistry({ root: join(home, "registry") });
    return {
      kind,
      url: server.url,
      hostPort: server.hostPort,
      capabilities: { ...server.capabilities },
      dispose: async () => {
        await server.close();
        await rm(home, { recursive: true, force: true });
      },
    };
  }
  const docker = await import("../registry/docker/index.js");
  const endpoint = await docker.startDockerRegistry({ home });
  return {
    kind,
    url: endpoint.url,
    hostPort: endpoint.hostPort,
    capabilities: { ...endpoint.capabilities },
    dispose: async () => {
      await docker.stopDockerRegistry(home, { purge: true });
      await rm(home, { recursive: true, force: true });
    },
  };
}
