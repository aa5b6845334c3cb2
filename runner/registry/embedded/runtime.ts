import type { RegistryContext } from "./context.js";
import { createQuota } from "./quota.js";
import type { Layout } from "./storage/layout.js";
import { createStore } from "./storage/store.js";
import type { EmbeddedRegistryLimits } from "./types.js";
import { UploadSessions } from "./uploads/sessions.js";

// What handlers work with, built after the server listens (start.ts loads this module lazily): stores, upload
// sessions and quota. Nothing here touches the disk before a request does, except the quota's background scan.

// The context of a prepared root.
export function createRegistryContext(
  layout: Layout,
  limits: EmbeddedRegistryLimits,
  authEnabled: boolean,
): RegistryContext {
  return {
    store: createStore(layout, limits.fsync),
    uploads: new UploadSessions(layout, limits.maxOpenUploads, limits.uploadIdleMs, limits.uploadSweepMs),
    quota: createQuota(layout, limits.minFreeDiskBytes, limits.maxStoreBytes),
    limits,
    authEnabled,
  };
}
