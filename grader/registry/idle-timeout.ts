/**
 * An idle timeout for one HTTP exchange: it stops the exchange (the pending request, then the response being
 * read) when no progress (response headers, a body chunk) happened for `timeoutMs`. Large blobs may take longer
 * than `timeoutMs` in total, a stall may not.
 */
export interface IdleTimeout {
  /** True once the timeout fired. */
  readonly expired: boolean;
  /** Names what to stop when the timeout fires; stops it at once when it already has. */
  watch(stop: (error: Error) => void): void;
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
  const fire = () => {
    timedOut = new Error(`no progress for ${timeoutMs} ms`);
    stop?.(timedOut);
  };
  const timer = setTimeout(fire, timeoutMs);
  timer.unref();
  return {
    get expired() {
      return timedOut !== undefined;
    },
    watch(next) {
      stop = next;
      if (timedOut) next(timedOut);
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
