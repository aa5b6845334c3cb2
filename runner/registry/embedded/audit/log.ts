import { type FileHandle, open, rename, rm, stat } from "node:fs/promises";
import type { AuditEntry } from "./entry.js";

/** Appends audit entries; lines are buffered and written in order, off the request path. */
export interface AuditSink {
  record(entry: AuditEntry): void;
  /** Waits until everything recorded so far is on disk. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** An audit sink that drops everything (audit log turned off). */
export const NO_AUDIT: AuditSink = { record: () => {}, flush: async () => {}, close: async () => {} };

// The numbered name of a rotated log: audit.log.1 is the newest rotated file.
export function rotatedName(file: string, index: number): string {
  return index === 0 ? file : `${file}.${index}`;
}

// An audit log at `file`, rotated when it passes `maxBytes`, keeping `keep` old files.
export async function openAuditLog(file: string, maxBytes: number, keep: number): Promise<AuditSink> {
  let handle: FileHandle = await open(file, "a");
  let size = (await stat(file)).size;
  let pending: string[] = [];
  let writing: Promise<void> = Promise.resolve();
  let scheduled = false;

  async function rotate(): Promise<void> {
    await handle.close();
    await rm(rotatedName(file, keep), { force: true });
    for (let i = keep - 1; i >= 0; i--) {
      await rename(rotatedName(file, i), rotatedName(file, i + 1)).catch(() => {});
    }
    handle = await open(file, "a");
    size = 0;
  }

  async function writeBatch(): Promise<void> {
    scheduled = false;
    const text = pending.join("");
    pending = [];
    if (text === "") return;
    await handle.write(text);
    size += Buffer.byteLength(text);
    if (size >= maxBytes && keep > 0) await rotate();
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    writing = writing.then(writeBatch).catch((err) => {
      process.emitWarning(`audit log: ${(err as Error).message}`);
    });
  }

  return {
    record(entry) {
      pending.push(`${JSON.stringify(entry)}\n`);
      schedule();
    },
    async flush() {
      schedule();
      await writing;
    },
    async close() {
      schedule();
      await writing;
      await handle.close();
    },
  };
}
