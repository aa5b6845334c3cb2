// Whether a Docker engine can answer, decided without loading testcontainers when nothing could be one: on a laptop
// without Docker, `labs start` and `labs stop` then never pay the half second testcontainers takes to load.

import { existsSync } from "node:fs";
import { homedir, userInfo } from "node:os";
import { join } from "node:path";

// The files testcontainers would find an engine through (its configuration file and the sockets it tries).
export function engineLocations(env: NodeJS.ProcessEnv, home: string = homedir()): string[] {
  const uid = process.getuid?.() ?? userInfo().uid;
  return [
    join(home, ".testcontainers.properties"),
    "/var/run/docker.sock",
    ...(env.XDG_RUNTIME_DIR ? [join(env.XDG_RUNTIME_DIR, "docker.sock")] : []),
    join(home, ".docker", "run", "docker.sock"),
    join(home, ".docker", "desktop", "docker.sock"),
    join("/run", "user", String(uid), "docker.sock"),
  ];
}

// False only when no engine can be there: no DOCKER_HOST, not Windows (named pipes), none of `locations` exists.
export function engineMayExist(env: NodeJS.ProcessEnv, locations: readonly string[] = engineLocations(env)): boolean {
  if (env.DOCKER_HOST || process.platform === "win32") return true;
  return locations.some((path) => existsSync(path));
}

// Whether a Docker engine answers a ping; testcontainers loads only when one may exist.
export async function dockerAnswers(env: NodeJS.ProcessEnv): Promise<boolean> {
  if (!engineMayExist(env)) return false;
  const { isDockerAvailable } = await import("./docker/engine.js");
  return isDockerAvailable();
}
