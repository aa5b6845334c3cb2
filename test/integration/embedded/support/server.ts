import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedRegistry } from "../../../../runner/registry/embedded/index.js";
import type { EmbeddedRegistryOptions, RunningEmbeddedRegistry } from "../../../../runner/registry/embedded/types.js";
import { type Client, clientFor } from "./http.js";

/** A registry in a temporary root, removed with it on dispose. */
export interface TempRegistry extends AsyncDisposable {
  readonly registry: RunningEmbeddedRegistry;
  readonly root: string;
  readonly client: Client;
}

// A fresh temporary directory, removed by the returned disposer.
export async function tempDir(prefix = "labs-embedded-"): Promise<{ path: string } & AsyncDisposable> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, [Symbol.asyncDispose]: () => rm(path, { recursive: true, force: true }) };
}

// Starts an embedded registry on a temporary root (in this process); `await using` stops it and removes the root.
export async function startTempRegistry(options: Omit<EmbeddedRegistryOptions, "root"> = {}): Promise<TempRegistry> {
  const root = await mkdtemp(join(tmpdir(), "labs-embedded-"));
  const registry = await startEmbeddedRegistry({ ...options, root });
  return {
    registry,
    root,
    client: clientFor(registry.url),
    async [Symbol.asyncDispose]() {
      await registry.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
