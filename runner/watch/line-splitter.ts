/** Turns appended chunks of a text file into complete lines, keeping a cut-off last line until it completes. */
export interface LineSplitter {
  /** The lines completed by this chunk, without their newline. */
  push(chunk: string): string[];
  /** Drops a held partial line (its file was replaced). */
  reset(): void;
}

// A splitter for newline-terminated records (JSON lines).
export function createLineSplitter(): LineSplitter {
  let partial = "";
  return {
    push(chunk) {
      const parts = (partial + chunk).split("\n");
      partial = parts.pop() ?? "";
      return parts.filter((line) => line.trim() !== "");
    },
    reset() {
      partial = "";
    },
  };
}
