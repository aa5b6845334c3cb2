import { LabsError } from "../errors.js";
import { applyReport, changedLines, type TaskLine } from "./display.js";
import type { Feed } from "./feed.js";
import type { GradeOutcome } from "./grade-run.js";
import type { Observation } from "./probes.js";
import type { WatchView } from "./screen.js";
import type { KeyAction, WatchOutput } from "./terminal.js";

/** What the feeds may ask of the loop. */
export interface LoopHooks {
  /** Asks for a grading run (runs coalesce: one more run after the current one, never a queue). */
  readonly notify: () => void;
  /** What the last run observed. */
  readonly baseline: () => readonly Observation[] | undefined;
  readonly busy: () => boolean;
}

/** The pieces of a watch, injected so the loop runs in tests without a registry or a terminal. */
export interface WatchLoopOptions {
  readonly lab: { readonly number: number; readonly title: string };
  readonly via: string;
  readonly grade: () => Promise<GradeOutcome>;
  readonly output: WatchOutput;
  readonly startFeeds: (hooks: LoopHooks) => Promise<readonly Feed[]>;
  /** Starts listening for keys or signals; returns the function that stops listening. */
  readonly listen: (onAction: (action: KeyAction) => void) => () => void;
  readonly now?: () => Date;
}

// Grades once (fresh), then again whenever a feed notifies or the learner presses `r`, until `q`, Ctrl-C or a
// signal; the terminal is given back however the loop ends.
export async function runWatchLoop(options: WatchLoopOptions): Promise<void> {
  const now = options.now ?? (() => new Date());
  let lines: readonly TaskLine[] = [];
  let baseline: readonly Observation[] | undefined;
  let running = false;
  let stopped = false;
  let pending: { fresh: boolean } | undefined;
  let problem: string | undefined;
  let lastCheck: WatchView["lastCheck"];
  let driving: Promise<void> = Promise.resolve();
  let quit = (): void => {};
  const quitting = new Promise<void>((resolve) => {
    quit = resolve;
  });

  const show = (changed: readonly TaskLine[]): void =>
    options.output.show({ lab: options.lab, via: options.via, lines, checking: running, lastCheck, problem }, changed);

  const runOnce = async (fresh: boolean): Promise<void> => {
    running = true;
    show([]);
    const started = performance.now();
    let changed: readonly TaskLine[] = [];
    try {
      const outcome = await options.grade();
      const next = applyReport(lines, outcome.report, fresh);
      changed = changedLines(lines, next);
      lines = next;
      baseline = outcome.observations;
      problem = undefined;
      lastCheck = { at: now(), ms: Math.round(performance.now() - started) };
    } catch (error) {
      problem = problemText(error);
    }
    running = false;
    if (!stopped) show(changed);
  };

  const drive = async (fresh: boolean): Promise<void> => {
    let next: boolean | undefined = fresh;
    while (next !== undefined && !stopped) {
      await runOnce(next);
      next = pending?.fresh;
      pending = undefined;
    }
  };

  const request = (fresh: boolean): void => {
    if (stopped) return;
    if (running) {
      pending = { fresh: (pending?.fresh ?? false) || fresh };
      return;
    }
    driving = drive(fresh);
  };

  const stopListening = options.listen((action) => (action === "quit" ? quit() : request(true)));
  let feeds: readonly Feed[] = [];
  try {
    request(true);
    feeds = await options.startFeeds({ notify: () => request(false), baseline: () => baseline, busy: () => running });
    await quitting;
  } finally {
    stopped = true;
    stopListening();
    options.output.close();
    await Promise.all(feeds.map((feed) => feed.close()));
    await driving;
  }
}

function problemText(error: unknown): string {
  if (error instanceof LabsError) return error.hint ? `${error.message} ${error.hint}` : error.message;
  return `The last check stopped on an error: ${error instanceof Error ? error.message : String(error)}.`;
}
