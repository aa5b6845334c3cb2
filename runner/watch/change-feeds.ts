import { existsSync } from "node:fs";
import { join } from "node:path";
import type { LabsHome } from "../home.js";
import type { LabSession } from "../lab-session.js";
import type { OpenRegistry } from "../registry/open.js";
import { auditFeed } from "./audit-feed.js";
import type { Feed } from "./feed.js";
import { fileFeed } from "./file-feed.js";
import type { LoopHooks } from "./loop.js";
import { startPoller } from "./poller.js";

/** How a watch notices changes in the registry. */
export interface ChangeSource {
  /** For the learner: "registry events" or "polling every 1 s". */
  readonly via: string;
  readonly start: (hooks: LoopHooks) => Promise<readonly Feed[]>;
}

// The embedded registry of this home tells us about writes through its audit log; any other registry (Docker's
// distribution, a remote one) is polled with a fingerprint. Workspace files and answers are watched either way.
export function changeSource(
  home: LabsHome,
  session: LabSession,
  registry: OpenRegistry,
  labNumber: number,
  forcePoll: boolean,
): ChangeSource {
  const auditFile = join(home.registryDir, "audit.log");
  const events = !forcePoll && registry.record.kind === "embedded" && existsSync(auditFile);
  const files = (hooks: LoopHooks): Feed =>
    fileFeed({ workspace: session.workspace, stateFile: home.stateFile, labNumber, notify: hooks.notify });
  if (events) {
    return {
      via: "registry events",
      start: async (hooks) => [await auditFeed(auditFile, session.prefix, hooks.notify), files(hooks)],
    };
  }
  return {
    via: "polling every 1 s",
    start: async (hooks) => [startPoller({ source: registry.client, ...hooks }), files(hooks)],
  };
}
