import { Writable } from "node:stream";

/** A writable stream that keeps what was written: the CLI run in-process (the check agent, tests). */
export interface Capture {
  readonly stream: Writable & { isTTY?: boolean };
  text(): string;
}

// A fresh capture; `tty` says whether commands should treat it as a terminal (colour, layout).
export function capture(tty = false): Capture {
  let text = "";
  const stream: Writable & { isTTY?: boolean } = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  stream.isTTY = tty;
  return { stream, text: () => text };
}
