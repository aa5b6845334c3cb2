import { createHash, type Hash, randomUUID } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { RegistryError } from "../http/errors.js";
import { type Layout, uploadPath } from "../storage/layout.js";
import { createKeyedMutex } from "../storage/locks.js";

/** An open blob upload: its bytes on disk under _uploads/<id> and a running sha256 of them. */
export interface UploadSession {
  readonly id: string;
  readonly repository: string;
  readonly path: string;
  readonly startedAt: number;
  /** Bytes received and stored so far. */
  received: number;
  /** sha256 over the stored bytes, advanced as chunks arrive (never re-read for sha256 digests). */
  hash: Hash;
  lastActiveAt: number;
  /** Requests working on the session right now; a busy session is never swept. */
  active: number;
}

/** Open upload sessions of one registry process (they do not survive a restart: the root is cleaned at start). */
export class UploadSessions {
  private readonly sessions = new Map<string, UploadSession>();
  private readonly mutex = createKeyedMutex();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly layout: Layout,
    private readonly maxOpen: number,
    private readonly idleMs: number,
    sweepMs: number,
  ) {
    this.timer = setInterval(() => void this.sweep(Date.now()), sweepMs);
    this.timer.unref();
  }

  get count(): number {
    return this.sessions.size;
  }

  // Opens a session for a repository, or TOOMANYREQUESTS when too many are open.
  async open(repository: string): Promise<UploadSession> {
    if (this.sessions.size >= this.maxOpen) {
      throw new RegistryError(
        "TOOMANYREQUESTS",
        `too many open uploads (limit ${this.maxOpen}); finish or cancel some`,
        {
          headers: { "Retry-After": "5" },
        },
      );
    }
    const id = randomUUID();
    const now = Date.now();
    const session: UploadSession = {
      id,
      repository,
      path: uploadPath(this.layout, id),
      startedAt: now,
      received: 0,
      hash: createHash("sha256"),
      lastActiveAt: now,
      active: 0,
    };
    await writeFile(session.path, "");
    this.sessions.set(id, session);
    return session;
  }

  // Runs `fn` alone on the session of `repository` with this id; BLOB_UPLOAD_UNKNOWN when there is none.
  async use<T>(repository: string, id: string, fn: (session: UploadSession) => Promise<T>): Promise<T> {
    return this.mutex.run(`upload:${id}`, async () => {
      const session = this.sessions.get(id);
      if (!session || session.repository !== repository) {
        throw new RegistryError(
          "BLOB_UPLOAD_UNKNOWN",
          `upload ${id} is unknown (finished, cancelled, expired or lost in a restart)`,
        );
      }
      session.active++;
      try {
        return await fn(session);
      } finally {
        session.active--;
        session.lastActiveAt = Date.now();
      }
    });
  }

  // Forgets a session whose file was moved into the blob store.
  forget(session: UploadSession): void {
    this.sessions.delete(session.id);
  }

  // Forgets a session and deletes its bytes.
  async discard(session: UploadSession): Promise<void> {
    this.sessions.delete(session.id);
    await rm(session.path, { force: true });
  }

  // Discards sessions idle for longer than the limit; returns how many.
  async sweep(now: number): Promise<number> {
    const stale = [...this.sessions.values()].filter((s) => s.active === 0 && now - s.lastActiveAt > this.idleMs);
    await Promise.all(stale.map((s) => this.discard(s)));
    return stale.length;
  }

  // Stops the sweep timer.
  stop(): void {
    clearInterval(this.timer);
  }
}
