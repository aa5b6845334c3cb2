import { type FSWatcher, watch } from "node:fs";
import { type FileHandle, open, stat } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { StringDecoder } from "node:string_decoder";
import type { AuditEntry } from "../registry/embedded/audit/entry.js";
import { createLineSplitter } from "./line-splitter.js";

const SAFETY_POLL_MS = 1_000;
const READ_CHUNK = 64 * 1024;

/** Where the tail reads and whom it tells. */
export interface AuditTailOptions {
  /** The live audit log, e.g. `<registry root>/audit.log`. */
  readonly file: string;
  /** Entries appended since the last call, oldest first. */
  readonly onEntries: (entries: readonly AuditEntry[]) => void;
  /** A stat every so often in case a file-system event is missed (default 1 s). */
  readonly safetyPollMs?: number;
}

/** The file being read: its handle, identity and how far it has been read. */
interface Position {
  readonly handle: FileHandle;
  readonly ino: number;
  offset: number;
}

/**
 * Follows an audit log as the registry appends to it: reacts to file-system events on its folder, reads only
 * the appended bytes, keeps a cut-off line until its end arrives, and follows rotation (audit.log renamed to
 * audit.log.1, a new audit.log opened) without losing the lines written just before it.
 */
export class AuditTail {
  private readonly splitter = createLineSplitter();
  private decoder = new StringDecoder("utf8");
  private readonly watcher: FSWatcher;
  private readonly timer: NodeJS.Timeout;
  private draining: Promise<void> | undefined;
  private again = false;
  private closed = false;

  private constructor(
    private readonly options: AuditTailOptions,
    private position: Position | undefined,
  ) {
    const name = basename(options.file);
    this.watcher = watch(dirname(options.file), (_event, changed) => {
      if (changed === null || changed.toString().startsWith(name)) this.poke();
    });
    this.watcher.on("error", () => this.poke());
    this.timer = setInterval(() => this.poke(), options.safetyPollMs ?? SAFETY_POLL_MS);
  }

  // Starts following `file` from its current end: what is already there is history, not news.
  static async open(options: AuditTailOptions): Promise<AuditTail> {
    return new AuditTail(options, await openAt(options.file, "end"));
  }

  /** Reads whatever was appended now (also called on every file-system event). */
  poke(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = this.drainLoop().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  /** Stops watching and closes the file. */
  async close(): Promise<void> {
    this.closed = true;
    this.watcher.close();
    clearInterval(this.timer);
    await this.draining;
    await this.position?.handle.close();
    this.position = undefined;
  }

  private async drainLoop(): Promise<void> {
    do {
      this.again = false;
      await this.drain();
    } while (this.again && !this.closed);
  }

  private async drain(): Promise<void> {
    if (this.position) await this.readAppended(this.position);
    const now = await stat(this.options.file).catch(() => undefined);
    if (!now) return;
    if (!this.position || now.ino !== this.position.ino) {
      // Rotated: the old file is final once renamed (the registry closes it first), so read it to its end.
      if (this.position) await this.readAppended(this.position);
      await this.position?.handle.close();
      this.position = await openAt(this.options.file, "start");
      this.splitter.reset();
      this.decoder = new StringDecoder("utf8");
    } else if (now.size < this.position.offset) {
      this.position.offset = 0;
      this.splitter.reset();
    }
    if (this.position) await this.readAppended(this.position);
  }

  private async readAppended(position: Position): Promise<void> {
    const buffer = Buffer.alloc(READ_CHUNK);
    const lines: string[] = [];
    for (;;) {
      const { bytesRead } = await position.handle.read(buffer, 0, READ_CHUNK, position.offset);
      if (bytesRead === 0) break;
      position.offset += bytesRead;
      lines.push(...this.splitter.push(this.decoder.write(buffer.subarray(0, bytesRead))));
    }
    const entries = lines.flatMap(parseEntry);
    if (entries.length > 0 && !this.closed) this.options.onEntries(entries);
  }
}

async function openAt(file: string, where: "start" | "end"): Promise<Position | undefined> {
  try {
    const handle = await open(file, "r");
    const info = await handle.stat();
    return { handle, ino: info.ino, offset: where === "end" ? info.size : 0 };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

// One audit line; anything that is not an entry (a torn line after a crash) is skipped.
export function parseEntry(line: string): AuditEntry[] {
  try {
    const value = JSON.parse(line) as AuditEntry;
    return typeof value?.kind === "string" && typeof value.time === "string" ? [value] : [];
  } catch {
    return [];
  }
}
