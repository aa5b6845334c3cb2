/**
 * An idle timeout for one HTTP exchange: it stops the exchange (the pending request, then the response being
 * read) when no progress (response headers, a body chunk) happened for `timeoutMs`. Large blobs may take longer
 * than `timeoutMs` in total, a stall may not.
 *
 * It is also what keeps the process alive for the exchange: connections are unref'd, and the countdown holds the
 * process only while a caller waits (for the headers, for the next chunk). A body nobody reads any more, or one
 * whose caller gave up, never keeps a finished CLI process running.
 */
export interface IdleTimeout {
  /** True once the timeout fired. */
  readonly expired: boolean;
  /** Names what to stop when the timeout fires; stops it at once when it already has. */
  watch(stop: (error: Error) => void): void;
  /** Whether a caller is waiting on the exchange now (starts true). */
  hold(waiting: boolean): void;
  /** Restarts the countdown after progress. */
  refresh(): void;
  /** Stops the countdown for good when the exchange is over. */
  clear(): void;
}

// Starts a countdown that stops the watched request or response after `timeoutMs` without progress.
export function startIdleTimeout(timeoutMs: number): IdleTimeout {
  let timedOut: Error | undefined;
  let cleared = false;
  let stop: ((error: Error) => void) | undefined;
  const timer = setTimeout(() => {
    timedOut = new Error(`no progress for ${timeoutMs} ms`);
    stop?.(timedOut);
  }, timeoutMs);
  return {
    get expired() {
      return timedOut !== undefined;
    },
    watch(next) {
      stop = next;
      if (timedOut) next(timedOut);
    },
    hold(waiting) {
      if (waiting) timer.ref();
      else timer.unref();
    },
    refresh() {
      if (!timedOut && !cleared) timer.refresh();
    },
    clear() {
      cleared = true;
      clearTimeout(timer);
    },
  };
}
