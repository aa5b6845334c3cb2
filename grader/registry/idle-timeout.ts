/**
 * An idle timeout for one HTTP exchange: its signal aborts when no progress (response headers, a body
 * chunk) happened for `timeoutMs`. Large blobs may take longer than `timeoutMs` in total, a stall may not.
 */
export interface IdleTimeout {
  readonly signal: AbortSignal;
  /** True once the timeout fired. */
  readonly expired: boolean;
  /** Restarts the countdown after progress. */
  refresh(): void;
  /** Stops the countdown when the exchange is over. */
  clear(): void;
}

// Starts a countdown that aborts its signal after `timeoutMs` without progress.
export function startIdleTimeout(timeoutMs: number): IdleTimeout {
  const controller = new AbortController();
  let expired = false;
  const fire = () => {
    expired = true;
    controller.abort(new DOMException(`no progress for ${timeoutMs} ms`, "TimeoutError"));
  };
  let timer = setTimeout(fire, timeoutMs);
  timer.unref();
  return {
    signal: controller.signal,
    get expired() {
      return expired;
    },
    refresh() {
      if (expired) return;
      clearTimeout(timer);
      timer = setTimeout(fire, timeoutMs);
      timer.unref();
    },
    clear() {
      clearTimeout(timer);
    },
  };
}
