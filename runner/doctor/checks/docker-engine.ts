// The Docker engine: whether it answers, its version, and which backend `labs start` will therefore choose.

import type { DoctorCheck, DoctorResult, EngineFacts } from "../types.js";

const EMBEDDED_NOTE = "`labs start` runs labs' own embedded registry instead, which every lab works with";

// Reports the engine from `docker info` (or the socket when the CLI is missing) and what it means for the labs.
export const dockerEngineCheck: DoctorCheck = {
  id: "docker-engine",
  async run(ctx) {
    return describeEngine(await ctx.engine());
  },
};

// The result for a set of engine facts (exported for tests of each case).
export function describeEngine(engine: EngineFacts): DoctorResult {
  const id = "docker-engine";
  if (engine.reachable && engine.cli) {
    const insecure = engine.registryConfig?.InsecureRegistryCIDRs?.join(", ") || "none";
    return {
      id,
      status: "ok",
      summary: `Docker engine ${engine.serverVersion} answers${engine.rootless ? " (rootless)" : ""}; a new lab registry runs in a container.`,
      detail: `Plain-HTTP (insecure) registries allowed by the engine: ${insecure}.`,
    };
  }
  if (engine.reachable) {
    return {
      id,
      status: "warn",
      summary: "A Docker engine answers on its socket, but the `docker` command is not installed.",
      detail: "The lab registry can run in Docker; steps that use `docker` cannot.",
      fix: "Install the Docker CLI: `sudo apt-get install docker.io` (Debian) or https://docs.docker.com/engine/install/.",
    };
  }
  if (!engine.cli) {
    return { id, status: "info", summary: `No Docker engine and no \`docker\` command: ${EMBEDDED_NOTE}.` };
  }
  return {
    id,
    status: "warn",
    summary: `The Docker engine does not answer: ${EMBEDDED_NOTE}.`,
    detail: engine.error,
    fix: engineFix(engine.error ?? ""),
  };
}

function engineFix(error: string): string {
  if (/permission denied/i.test(error)) {
    return "Let your user reach the engine: `sudo usermod -aG docker $USER`, then log out and in again; check with `docker info`.";
  }
  if (/did not answer in time/.test(error)) {
    return "The engine hangs: restart it (`sudo systemctl restart docker`) and check with `docker info`.";
  }
  return "Start it with `sudo systemctl start docker` (Docker Desktop: start the app) and check with `docker info`, or go on with the embedded registry.";
}
