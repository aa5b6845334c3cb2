import type { ChalkInstance } from "chalk";
import type { TaskLine } from "./display.js";
import { renderChange, renderScreen, type WatchView } from "./screen.js";

/** Where the watch shows its views. */
export interface WatchOutput {
  show(view: WatchView, changed: readonly TaskLine[]): void;
  /** Gives the terminal back as it was. */
  close(): void;
}

type Stream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

const ENTER = "\x1b[?1049h\x1b[?25l";
const LEAVE = "\x1b[?25h\x1b[?1049l";
const HOME_CLEAR = "\x1b[H\x1b[2J";

// A terminal: the alternate screen, redrawn on each view and on resize; left on close.
export function screenOutput(stream: Stream, c: ChalkInstance): WatchOutput {
  let last: WatchView | undefined;
  const draw = (): void => {
    if (last) stream.write(HOME_CLEAR + renderScreen(last, c, Math.max(40, stream.columns ?? 80)));
  };
  stream.write(ENTER);
  stream.on("resize", draw);
  return {
    show(view) {
      last = view;
      draw();
    },
    close() {
      stream.off("resize", draw);
      stream.write(LEAVE);
    },
  };
}

// Pipes and CI logs: a line per task whose state changed, never a redraw.
export function lineOutput(stream: Stream, c: ChalkInstance): WatchOutput {
  let announced = false;
  return {
    show(view, changed) {
      if (!announced) {
        stream.write(`Watching lab ${view.lab.number}: ${view.lab.title} (${view.via}); Ctrl-C stops.\n`);
        announced = true;
      }
      for (const line of changed) stream.write(renderChange(line, view.lastCheck?.at ?? new Date(), c));
      if (view.problem && changed.length === 0 && !view.checking) stream.write(`${view.problem}\n`);
    },
    close() {},
  };
}

/** What a key press asks for. */
export type KeyAction = "quit" | "refresh";

// Reads single key presses from a terminal in raw mode (q or Ctrl-C quits, r checks afresh); returns a
// function that puts the terminal back into its previous mode.
export function listenKeys(input: NodeJS.ReadStream, onKey: (action: KeyAction) => void): () => void {
  const onData = (data: Buffer | string): void => {
    for (const ch of data.toString()) {
      if (ch === "q" || ch === "Q" || ch === "\x03" || ch === "\x04") onKey("quit");
      else if (ch === "r" || ch === "R") onKey("refresh");
    }
  };
  const wasRaw = input.isRaw;
  input.setRawMode(true);
  input.on("data", onData);
  input.resume();
  return () => {
    input.off("data", onData);
    input.setRawMode(wasRaw);
    input.pause();
  };
}

// Quits on SIGINT and SIGTERM (output that is not a terminal has no keys); returns the function removing it.
export function listenSignals(onQuit: () => void): () => void {
  process.on("SIGINT", onQuit);
  process.on("SIGTERM", onQuit);
  return () => {
    process.off("SIGINT", onQuit);
    process.off("SIGTERM", onQuit);
  };
}
