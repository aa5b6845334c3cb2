// Capabilities of a home's registry container, probed once per container and process.

import type { RegistryCapabilities } from "../backend.js";
import { probeCapabilities } from "../probe.js";

const probed = new Map<string, RegistryCapabilities>();

// Probes the container's registry unless this process already did; distribution's GC makes garbageCollection true.
export async function containerCapabilities(containerId: string, url: string): Promise<RegistryCapabilities> {
  const cached = probed.get(containerId);
  if (cached) return cached;
  const capabilities: RegistryCapabilities = { ...(await probeCapabilities(url)), garbageCollection: true };
  probed.set(containerId, capabilities);
  return capabilities;
}
