// Public surface of the embedded registry, for the CLI (`labs registry serve`, `labs registry gc`, backend choice).

export type { AuditEntry, AuditKind } from "./audit/entry.js";
export { readAuditLog } from "./audit/read.js";
export { EMBEDDED_CAPABILITIES } from "./capabilities.js";
export { DEFAULT_LIMITS } from "./defaults.js";
export { collectGarbage, type GarbageCollectionOptions, type GarbageCollectionReport } from "./gc/collect.js";
export { isProcessRunning, processStartToken } from "./process-identity.js";
export {
  isRegistryProcessAlive,
  REGISTRY_INFO_FILE,
  type RegistryProcessInfo,
  readRegistryInfo,
} from "./process-info.js";
export { RootLockedError } from "./root-lock.js";
export { startEmbeddedRegistry, UnsafeListenError } from "./start.js";
export type {
  BasicAuthConfig,
  EmbeddedRegistryLimits,
  EmbeddedRegistryOptions,
  RegistryCapabilities,
  RunningEmbeddedRegistry,
} from "./types.js";
