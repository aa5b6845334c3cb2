// Free space and write access in the labs home (registry data, workspaces and state live there).

import { dirname } from "node:path";
import type { DoctorCheck, DoctorDeps } from "../types.js";

/** Below this much free space the labs may run out while seeding or pushing. */
export const LOW_DISK_BYTES = 1024 ** 3;

const id = "disk";

// Warns under 1 GiB free; an unwritable labs home blocks every lab (no state, no registry data).
export const diskCheck: DoctorCheck = {
  id,
  async run(ctx) {
    const root = ctx.deps.home.root;
    const existing = await nearestExisting(ctx.deps, root);
    if (!(await ctx.deps.isWritable(existing))) {
      return {
        id,
        status: "fail",
        summary: `The labs home ${root} cannot be written (${existing} is not writable).`,
        fix: "Make it writable (`sudo chown -R $USER` on it) or point LABS_HOME at a folder you own.",
      };
    }
    const space = await ctx.deps.statfs(existing);
    const free = space.bavail * space.bsize;
    const where = `${formatBytes(free)} free for the labs home ${root}`;
    if (free >= LOW_DISK_BYTES) return { id, status: "ok", summary: `${where}.` };
    return {
      id,
      status: "warn",
      summary: `Only ${where}; labs wants at least 1 GiB.`,
      fix: "Free some space (`docker system prune` removes unused Docker data) or set LABS_HOME to a folder on a larger disk.",
    };
  },
};

// The home itself when it exists, else its closest existing parent (what a later mkdir would write into).
async function nearestExisting(deps: DoctorDeps, path: string): Promise<string> {
  let current = path;
  for (;;) {
    try {
      await deps.statfs(current);
      return current;
    } catch (error) {
      const parent = dirname(current);
      if (parent === current) throw error;
      current = parent;
    }
  }
}

// 1.5 GiB, 300 MiB, 12 KiB.
export function formatBytes(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(1).replace(/\.0$/, "")} ${units[unit]}`;
}
