// How a labs home's registry container and volume are named and labelled, so each home finds only its own.

import { createHash } from "node:crypto";
import { resolve } from "node:path";

/** Label keys on the container and the volume. */
export const LABEL = {
  home: "dev.oci-labs.home",
  homePath: "dev.oci-labs.home-path",
  role: "dev.oci-labs.role",
  version: "dev.oci-labs.version",
  testRun: "dev.oci-labs.test-run",
} as const;

/** Version of this container layout (labels, volume, port); bump when a new labs cannot reuse an old container. */
export const CONTAINER_LAYOUT_VERSION = "1";

/** Environment variable whose value labels every container and volume of a test run, for cleanup. */
export const TEST_RUN_ENV = "LABS_TEST_RUN";

// First 16 hex characters of sha256 over the absolute labs home path.
export function homeHash(home: string): string {
  return createHash("sha256").update(resolve(home)).digest("hex").slice(0, 16);
}

// Container name of a home's registry, shown by `docker ps`.
export function containerName(home: string): string {
  return `oci-labs-registry-${homeHash(home)}`;
}

// Named volume that keeps a home's registry data across stop and start.
export function volumeName(home: string): string {
  return `oci-labs-${homeHash(home)}`;
}

// Labels for a home's container (role "registry") or volume (role "registry-data").
export function labelsFor(
  home: string,
  role: "registry" | "registry-data",
  env: NodeJS.ProcessEnv,
): Record<string, string> {
  const labels: Record<string, string> = {
    [LABEL.home]: homeHash(home),
    [LABEL.homePath]: resolve(home),
    [LABEL.role]: role,
    [LABEL.version]: CONTAINER_LAYOUT_VERSION,
  };
  const testRun = env[TEST_RUN_ENV];
  if (testRun) labels[LABEL.testRun] = testRun;
  return labels;
}

// Docker `label=` filters selecting exactly one home's objects of one role.
export function homeFilters(home: string, role: "registry" | "registry-data"): string[] {
  return [`${LABEL.home}=${homeHash(home)}`, `${LABEL.role}=${role}`];
}
