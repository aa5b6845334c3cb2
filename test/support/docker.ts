// Docker helpers for integration tests: the registry image, labelled test runs, temporary labs homes, cleanup.

import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { assertRequirement, type Requirement } from "./requirements.js";

const root = resolve(import.meta.dirname, "../..");
/** The label every container and volume of a test run carries (see runner/registry/docker/identity.ts). */
export const TEST_RUN_LABEL = "dev.oci-labs.test-run";

let builtImage: string | undefined;

// The registry image for tests: $LABS_REGISTRY_IMAGE, else the local Debian build (built once by the script).
export function registryImage(): string {
  const fromEnv = process.env.LABS_REGISTRY_IMAGE;
  if (fromEnv) return fromEnv;
  builtImage ??= buildRegistryImage();
  return builtImage;
}

function buildRegistryImage(): string {
  const script = join(root, "scripts", "build-registry-image.sh");
  const output = execFileSync(script, [], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
  const last = output.trim().split("\n").at(-1);
  if (!last) throw new Error(`${script} printed no image reference`);
  return last;
}

// A fresh test-run id; pass it as LABS_TEST_RUN so removeTestRun finds everything the run created.
export function newTestRun(): string {
  return `vitest-${process.pid}-${randomBytes(4).toString("hex")}`;
}

// The environment a test hands to the docker backend: the test image and the run label.
export function testEnv(testRun: string): NodeJS.ProcessEnv {
  return { ...process.env, LABS_REGISTRY_IMAGE: registryImage(), LABS_TEST_RUN: testRun };
}

// A temporary labs home directory; remove it with removeHome.
export function tempHome(): Promise<string> {
  return mkdtemp(join(tmpdir(), "labs-home-"));
}

// Deletes a temporary labs home.
export async function removeHome(home: string): Promise<void> {
  await rm(home, { recursive: true, force: true });
}

// Runs the docker CLI and returns its trimmed stdout.
export function docker(...args: string[]): string {
  return execFileSync("docker", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 }).trim();
}

// Ids of containers (all states) carrying a label, optionally with a value.
export function containersWithLabel(label: string, value?: string): string[] {
  const filter = value === undefined ? label : `${label}=${value}`;
  return docker("ps", "-aq", "--no-trunc", "--filter", `label=${filter}`).split("\n").filter(Boolean);
}

// Names of volumes carrying a label, optionally with a value.
export function volumesWithLabel(label: string, value?: string): string[] {
  const filter = value === undefined ? label : `${label}=${value}`;
  return docker("volume", "ls", "-q", "--filter", `label=${filter}`).split("\n").filter(Boolean);
}

// Whether a volume exists.
export function volumeExists(name: string): boolean {
  return docker("volume", "ls", "-q", "--filter", `name=^${name}$`) === name;
}

// Removes every container and volume of a test run (containers first: a volume in use cannot go).
export function removeTestRun(testRun: string): void {
  const containers = containersWithLabel(TEST_RUN_LABEL, testRun);
  if (containers.length > 0) docker("rm", "-f", "-v", ...containers);
  const volumes = volumesWithLabel(TEST_RUN_LABEL, testRun);
  if (volumes.length > 0) docker("volume", "rm", "-f", ...volumes);
}

/** The parts of `docker inspect` the tests read. */
export interface ContainerInspect {
  readonly Id: string;
  readonly State: { readonly Running: boolean };
  readonly Config: { readonly Labels: Record<string, string> };
  readonly HostConfig: { readonly PortBindings: Record<string, { HostIp: string; HostPort: string }[]> };
  readonly NetworkSettings: { readonly Ports: Record<string, { HostIp: string; HostPort: string }[] | null> };
  readonly Mounts: readonly { readonly Type: string; readonly Name?: string; readonly Destination: string }[];
}

// `docker inspect` of one container.
export function inspectContainer(id: string): ContainerInspect {
  const [first] = JSON.parse(docker("inspect", id)) as ContainerInspect[];
  if (!first) throw new Error(`docker inspect ${id} returned nothing`);
  return first;
}

/** A labelled test run and a temporary labs home, created before a suite and removed after it. */
export interface DockerTestHome {
  readonly run: string;
  /** The home (set once the suite's first beforeAll ran). */
  home(): string;
  /** The environment for the docker backend in this run. */
  env(): NodeJS.ProcessEnv;
}

// Registers the beforeAll/afterAll pair every docker-backend suite needs: the requirement, a home, and cleanup
// of the run's containers and volumes. Call it first in the suite, so its beforeAll runs before the suite's own.
export function useDockerTestHome(req: Requirement): DockerTestHome {
  const run = newTestRun();
  let home: string | undefined;
  beforeAll(async () => {
    assertRequirement(req);
    home = await tempHome();
  });
  afterAll(async () => {
    removeTestRun(run);
    if (home) await removeHome(home);
  });
  return {
    run,
    home: () => {
      if (!home) throw new Error("the test home is created in beforeAll");
      return home;
    },
    env: () => testEnv(run),
  };
}
