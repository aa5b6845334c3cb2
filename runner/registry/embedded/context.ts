import type { Quota } from "./quota.js";
import type { Store } from "./storage/store.js";
import type { EmbeddedRegistryLimits } from "./types.js";
import type { UploadSessions } from "./uploads/sessions.js";

/** What every handler works with. */
export interface RegistryContext {
  readonly store: Store;
  readonly uploads: UploadSessions;
  readonly quota: Quota;
  readonly limits: EmbeddedRegistryLimits;
  /** Basic auth is on: cross-repository mounts then need an explicit `from`. */
  readonly authEnabled: boolean;
}
