// Runs distribution 2.8's own garbage collector inside a home's registry container.

import type { ContainerRuntimeClient } from "testcontainers";
import { LabsError } from "../../errors.js";
import { dockerClient } from "./engine.js";
import { findHomeContainer } from "./lookup.js";
import { waitForV2 } from "./ready.js";
import { STARTUP_TIMEOUT_MS } from "./start.js";

const CONFIG = "/etc/docker/registry/config.yml";
/** The binary is `docker-registry` in the Debian-built image and `registry` in the official one. */
const BINARIES = ["docker-registry", "registry"] as const;

/** Options of runRegistryGc. */
export interface GcOptions {
  /** Also delete manifests no tag points at (beware: distribution then also deletes an index's children). */
  readonly deleteUntagged: boolean;
  /** Only report what would be deleted. */
  readonly dryRun: boolean;
}

/** What the collector reported. */
export interface GcResult {
  readonly blobsMarked: number;
  readonly blobsEligible: number;
  readonly manifestsEligible: number;
  /** The collector's own output, for showing to the learner. */
  readonly output: string;
}

// Runs `garbage-collect` in the home's running registry container (meant for a quiet registry: no pushes meanwhile),
// then restarts it when something was deleted, so its in-memory blob cache cannot claim deleted blobs still exist.
export async function runRegistryGc(home: string, options: GcOptions): Promise<GcResult> {
  const client = await dockerClient();
  const found = await findHomeContainer(client, home);
  if (!found?.running) {
    throw new LabsError(
      "NO_LAB_STARTED",
      "The lab registry is not running.",
      "Start it with `labs start`, then try again.",
    );
  }
  const args = [
    "garbage-collect",
    ...(options.deleteUntagged ? ["--delete-untagged"] : []),
    ...(options.dryRun ? ["--dry-run"] : []),
    CONFIG,
  ];
  const { output, exitCode } = await execCollector(client, found.id, args);
  if (/Path not found: \/docker\/registry\/v2\/repositories/.test(output)) {
    return { blobsMarked: 0, blobsEligible: 0, manifestsEligible: 0, output };
  }
  if (exitCode !== 0) {
    throw new LabsError(
      "ENVIRONMENT",
      `garbage-collect failed in the registry container (exit ${exitCode}): ${output.trim()}`,
    );
  }
  const result = parseGcSummary(output);
  if (!options.dryRun && result.blobsEligible + result.manifestsEligible > 0) {
    await restart(client, found.id, found.port);
  }
  return result;
}

// Reads "N blobs marked, M blobs and K manifests eligible for deletion" from the collector's output.
export function parseGcSummary(output: string): GcResult {
  const m = /(\d+) blobs marked, (\d+) blobs and (\d+) manifests eligible for deletion/.exec(output);
  if (!m) throw new LabsError("ENVIRONMENT", `garbage-collect printed no summary: ${output.trim().slice(0, 300)}`);
  return { blobsMarked: Number(m[1]), blobsEligible: Number(m[2]), manifestsEligible: Number(m[3]), output };
}

async function execCollector(client: ContainerRuntimeClient, id: string, args: string[]) {
  const container = client.container.getById(id);
  let last: { output: string; exitCode: number } = { output: "", exitCode: -1 };
  for (const binary of BINARIES) {
    last = await client.container.exec(container, [binary, ...args]);
    if (!/executable file not found|no such file or directory/i.test(last.output)) return last;
  }
  return last;
}

async function restart(client: ContainerRuntimeClient, id: string, port: number | undefined): Promise<void> {
  await client.container.restart(client.container.getById(id), { timeout: 5_000 });
  if (port !== undefined) await waitForV2(`http://127.0.0.1:${port}`, STARTUP_TIMEOUT_MS);
}
