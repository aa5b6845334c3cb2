// Pulls exact byte counts out of a stream of arbitrary chunks, holding at most one chunk plus the request.

/** Exact-size reads over a chunk stream. */
export interface ByteReader {
  /** Up to `n` bytes; fewer only at the end of the stream. */
  read(n: number): Promise<Uint8Array>;
  /** Discards up to `n` bytes without holding them; returns how many were discarded. */
  skip(n: number): Promise<number>;
  /** Stops the underlying stream. */
  close(): Promise<void>;
}

// A ByteReader over an async iterable of chunks.
export function createByteReader(chunks: AsyncIterable<Uint8Array>): ByteReader {
  const iterator = chunks[Symbol.asyncIterator]();
  let current: Uint8Array = new Uint8Array(0);
  let done = false;

  async function fill(): Promise<boolean> {
    while (current.byteLength === 0 && !done) {
      const next = await iterator.next();
      if (next.done) done = true;
      else current = next.value;
    }
    return current.byteLength > 0;
  }

  function take(n: number): Uint8Array {
    const part = current.subarray(0, n);
    current = current.subarray(part.byteLength);
    return part;
  }

  return {
    async read(n) {
      const parts: Uint8Array[] = [];
      let got = 0;
      while (got < n && (await fill())) {
        const part = take(n - got);
        parts.push(part);
        got += part.byteLength;
      }
      return parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts, got);
    },
    async skip(n) {
      let skipped = 0;
      while (skipped < n && (await fill())) skipped += take(n - skipped).byteLength;
      return skipped;
    },
    async close() {
      if (!done) await iterator.return?.();
      done = true;
    },
  };
}
