import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedRegistry } from "../../runner/registry/embedded/index.js";
import { startDistribution } from "./distribution.js";
import { newTestRun, registryImage } from "./docker.js";
import { type Requirement, requireCommand, requireDocker } from "./requirements.js";

/** A registry a suite runs against, started fresh and removed with its data. */
export interface TestRegistry {
  readonly url: string;
  readonly hostPort: string;
  [Symbol.asyncDispose](): Promise<void>;
}

/** One registry implementation the integration and end-to-end suites are parameterised over. */
export interface RegistryKind {
  readonly name: string;
  readonly requirement: Requirement;
  start(): Promise<TestRegistry>;
}

const embedded: RegistryKind = {
  name: "embedded",
  requirement: { ok: true, reason: "" },
  async start() {
    const root = await mkdtemp(join(tmpdir(), "labs-embedded-"));
    const server = await startEmbeddedRegistry({ root });
    return {
      url: server.url,
      hostPort: server.hostPort,
      async [Symbol.asyncDispose]() {
        await server.close();
        await rm(root, { recursive: true, force: true });
      },
    };
  },
};

const distributionContainer: RegistryKind = {
  name: "distribution 2.8.2 (docker)",
  requirement: requireDocker(),
  async start() {
    const home = await mkdtemp(join(tmpdir(), "labs-home-"));
    const { startDockerRegistry, stopDockerRegistry } = await import("../../runner/registry/docker/index.js");
    const env = { ...process.env, LABS_REGISTRY_IMAGE: registryImage(), LABS_TEST_RUN: newTestRun() };
    const endpoint = await startDockerRegistry({ home, env });
    return {
      url: endpoint.url,
      hostPort: endpoint.hostPort,
      async [Symbol.asyncDispose]() {
        await stopDockerRegistry(home, { purge: true });
        await rm(home, { recursive: true, force: true });
      },
    };
  },
};

const distributionBinary: RegistryKind = {
  name: "distribution 2.8.2 (binary)",
  requirement: requireCommand("/usr/bin/docker-registry", ["--version"]),
  async start() {
    const running = await startDistribution();
    return { url: running.url, hostPort: new URL(running.url).host, [Symbol.asyncDispose]: () => running.stop() };
  },
};

/** The backends a learner can get (the suites' parameter): the embedded registry and distribution in Docker. */
export const BACKENDS: readonly RegistryKind[] = [embedded, distributionContainer];

/** Every registry implementation the project meets, for protocol-level suites. */
export const ALL_REGISTRIES: readonly RegistryKind[] = [embedded, distributionContainer, distributionBinary];
