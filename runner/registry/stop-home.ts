// Stops a labs home's own registries (never another home's, never a remote one); their data stays unless purged.

import type { LabsHome } from "../home.js";
import { dockerAnswers } from "./engine-presence.js";

/** What stopHomeRegistries stops besides the embedded registry. */
export interface StopHomeOptions {
  /** Also remove the home's Docker registry container, where an engine answers. */
  readonly docker: boolean;
  /** Also delete the data (the Docker volume; the embedded registry's folder is the caller's to remove). */
  readonly purge?: boolean;
}

// Stops the home's embedded registry and, if asked, its Docker container; names what was running.
export async function stopHomeRegistries(
  home: LabsHome,
  env: NodeJS.ProcessEnv,
  options: StopHomeOptions,
): Promise<string[]> {
  const stopped: string[] = [];
  if (options.docker && (await dockerAnswers(env))) {
    const { stopDockerRegistry } = await import("./docker/index.js");
    const { containersRemoved } = await stopDockerRegistry(home.root, { purge: options.purge === true });
    if (containersRemoved > 0) stopped.push("the Docker registry container");
  }
  const { stopEmbedded } = await import("./embedded-launcher.js");
  if (await stopEmbedded(home.registryDir)) stopped.push("the embedded registry");
  return stopped;
}
