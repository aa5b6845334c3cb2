import { AuditTail } from "./audit-tail.js";
import type { Feed } from "./feed.js";
import { isLabWrite } from "./lab-writes.js";

// The embedded registry's own events: `notify` runs as soon as a completed write to one of the lab's
// repositories (`prefix`) is appended to its audit log.
export async function auditFeed(file: string, prefix: string, notify: () => void): Promise<Feed> {
  const tail = await AuditTail.open({
    file,
    onEntries: (entries) => {
      if (entries.some((entry) => isLabWrite(entry, prefix))) notify();
    },
  });
  return { close: () => tail.close() };
}
