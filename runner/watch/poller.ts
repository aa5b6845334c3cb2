import type { Feed } from "./feed.js";
import { fingerprint, type ProbeSource, takeFingerprint } from "./fingerprint.js";
import type { Observation } from "./probes.js";

/** Remote registries are asked at most this often. */
export const POLL_INTERVAL_MS = 1_000;

/** What the poller compares and whom it tells. */
export interface PollerOptions {
  readonly source: ProbeSource;
  /** What the last grading run observed; undefined before the first run. */
  readonly baseline: () => readonly Observation[] | undefined;
  /** True while a grading run is going on (its observations are about to replace the baseline). */
  readonly busy: () => boolean;
  readonly notify: () => void;
  readonly intervalMs?: number;
}

// Whether the facts the last run observed have changed since: HEADs and lists only, never a walk.
export async function hasChanged(source: ProbeSource, observations: readonly Observation[]): Promise<boolean> {
  if (observations.length === 0) return false;
  const now = await takeFingerprint(
    source,
    observations.map((o) => o.probe),
  );
  return now !== fingerprint(observations);
}

// Polls once per interval (the next round starts an interval after the previous one ended) and notifies when
// the fingerprint of what grading read has changed.
export function startPoller(options: PollerOptions): Feed {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> = Promise.resolve();
  const schedule = (): void => {
    timer = setTimeout(() => {
      round = pollOnce().finally(() => {
        if (!stopped) schedule();
      });
    }, options.intervalMs ?? POLL_INTERVAL_MS);
  };
  const pollOnce = async (): Promise<void> => {
    const baseline = options.baseline();
    if (!baseline || options.busy()) return;
    if ((await hasChanged(options.source, baseline)) && !stopped) options.notify();
  };
  schedule();
  return {
    async close() {
      stopped = true;
      clearTimeout(timer);
      await round;
    },
  };
}
