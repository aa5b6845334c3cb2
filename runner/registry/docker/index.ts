// The docker backend's public surface, loaded lazily by runner/registry/select.ts.

export type { RegistryCapabilities, RegistryEndpoint } from "../backend.js";
export { isDockerAvailable } from "./engine.js";
export { PortInUseError } from "./errors.js";
export { type GcOptions, type GcResult, runRegistryGc } from "./gc.js";
export { containerName, homeHash, LABEL, TEST_RUN_ENV, volumeName } from "./identity.js";
export { DEFAULT_REGISTRY_IMAGE, REGISTRY_IMAGE_ENV } from "./image.js";
export {
  type DockerRegistryEndpoint,
  findDockerRegistry,
  type StartDockerRegistryOptions,
  startDockerRegistry,
} from "./start.js";
export { type StopResult, stopDockerRegistry } from "./stop.js";
