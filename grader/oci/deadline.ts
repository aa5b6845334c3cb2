import { LimitExceededError } from "./limits.js";

// A time budget for a whole grading run, checked between steps (an in-flight request is bounded by the
// registry client's own idle timeout; `signal` lets it be aborted too).

/** The grading deadline passed. */
export class DeadlineExceededError extends LimitExceededError {
  constructor(elapsedMs: number, budgetMs: number, context = "") {
    super("gradingDeadlineMs", elapsedMs, budgetMs, context);
    this.name = "DeadlineExceededError";
  }
}

/** A deadline: `check()` throws DeadlineExceededError once `ms` have passed; `signal` aborts then. */
export interface Deadline {
  readonly ms: number;
  readonly signal: AbortSignal;
  remainingMs(): number;
  check(context?: string): void;
}

// Starts a deadline of `ms` from now; `now` is injectable for tests. The timer never keeps the process alive.
export function createDeadline(ms: number, now: () => number = Date.now): Deadline {
  const started = now();
  const controller = new AbortController();
  if (Number.isFinite(ms)) {
    const timer = setTimeout(() => controller.abort(new DeadlineExceededError(ms, ms)), Math.max(0, ms));
    timer.unref();
  }
  const elapsed = () => now() - started;
  return {
    ms,
    signal: controller.signal,
    remainingMs: () => Math.max(0, ms - elapsed()),
    check(context = "") {
      const spent = elapsed();
      if (spent >= ms) throw new DeadlineExceededError(spent, ms, context);
    },
  };
}
