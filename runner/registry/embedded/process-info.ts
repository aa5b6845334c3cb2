import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isProcessRunning, processStartToken } from "./process-identity.js";
import type { RunningEmbeddedRegistry } from "./types.js";

/** Name of the file a registry process (main.ts) writes into its root once it listens. */
export const REGISTRY_INFO_FILE = "registry.json";

/** What registry.json says about the running process. */
export interface RegistryProcessInfo {
  readonly pid: number;
  readonly port: number;
  readonly url: string;
  readonly hostPort: string;
  readonly root: string;
  readonly startedAt: string;
  /** Start token of the process (process-identity.ts), so a reused pid is not mistaken for the registry. */
  readonly processStart: string | undefined;
}

// Writes registry.json for this process, atomically (temporary file in the root's _tmp, then rename).
export async function writeRegistryInfo(registry: RunningEmbeddedRegistry): Promise<RegistryProcessInfo> {
  const info: RegistryProcessInfo = {
    pid: process.pid,
    port: registry.port,
    url: registry.url,
    hostPort: registry.hostPort,
    root: registry.root,
    startedAt: new Date().toISOString(),
    processStart: processStartToken(process.pid),
  };
  const temp = join(registry.root, "_tmp", `${REGISTRY_INFO_FILE}.${process.pid}`);
  await writeFile(temp, `${JSON.stringify(info, null, 2)}\n`);
  await rename(temp, join(registry.root, REGISTRY_INFO_FILE));
  return info;
}

// The registry.json of a root, or undefined when there is none (or it is unreadable).
export async function readRegistryInfo(root: string): Promise<RegistryProcessInfo | undefined> {
  try {
    const value = JSON.parse(await readFile(join(root, REGISTRY_INFO_FILE), "utf8")) as RegistryProcessInfo;
    return typeof value.pid === "number" && typeof value.url === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

// True when the process registry.json describes is still that same process (not a reused pid).
export function isRegistryProcessAlive(info: RegistryProcessInfo): boolean {
  return isProcessRunning(info.pid, info.processStart);
}
