import { Writable } from "node:stream";

/** A writable stream that keeps what was written, for running the CLI in-process. */
export interface Capture {
  readonly stream: Writable;
  text(): string;
}

// A fresh capture.
export function capture(): Capture {
  let text = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}
