import { createGunzip } from "node:zlib";
import { OciFormatError } from "./format-error.js";
import { LimitExceededError, type LimitName } from "./limits.js";

export { createDeadline, type Deadline, DeadlineExceededError } from "./deadline.js";

// Readers that stop at a bound instead of buffering without end: a byte cap for whole blobs, and a streaming
// gunzip that refuses gzip bombs (too many output bytes, or too many per input byte).

// Below this much output the ratio is not checked: tiny layers of zeros legitimately compress 1000:1.
export const RATIO_CHECK_MIN_BYTES = 1024 * 1024;

// Concatenates chunks; throws LimitExceededError before holding more than `maxBytes`, and stops reading.
export async function readBounded(
  chunks: AsyncIterable<Uint8Array>,
  maxBytes: number,
  limit: LimitName = "maxBlobBytes",
  context = "",
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new LimitExceededError(limit, total, maxBytes, context);
    parts.push(chunk);
  }
  return Buffer.concat(parts, total);
}

/** Bounds of gunzipBounded. */
export interface GunzipBounds {
  readonly maxBytes: number;
  readonly maxRatio: number;
}

// Decompresses a gzip stream chunk by chunk; throws LimitExceededError as soon as the output passes
// `maxBytes` (maxDecompressedBytes) or `maxRatio` times the input read so far (maxDecompressionRatio), and
// OciFormatError("INVALID_GZIP") on corrupt input.
export async function* gunzipBounded(
  chunks: AsyncIterable<Uint8Array>,
  bounds: GunzipBounds,
): AsyncGenerator<Uint8Array> {
  let input = 0;
  let output = 0;
  async function* counted() {
    for await (const chunk of chunks) {
      input += chunk.byteLength;
      yield chunk;
    }
  }
  const gunzip = createGunzip();
  const source = counted();
  pump(source, gunzip);
  try {
    for await (const chunk of gunzip) {
      output += chunk.byteLength;
      checkGunzipBounds(input, output, bounds);
      yield chunk as Uint8Array;
    }
  } catch (error) {
    if (isZlibError(error))
      throw new OciFormatError("INVALID_GZIP", `not valid gzip: ${error.message}`, "", undefined, { cause: error });
    throw error;
  } finally {
    gunzip.destroy();
    await source.return(undefined);
  }
}

function checkGunzipBounds(input: number, output: number, bounds: GunzipBounds): void {
  if (output > bounds.maxBytes) throw new LimitExceededError("maxDecompressedBytes", output, bounds.maxBytes, "gunzip");
  const ratio = output / Math.max(input, 1);
  if (output > RATIO_CHECK_MIN_BYTES && ratio > bounds.maxRatio) {
    throw new LimitExceededError("maxDecompressionRatio", Math.floor(ratio), bounds.maxRatio, "gunzip");
  }
}

// Feeds the source into the gunzip stream with back-pressure; source errors are passed on to the reader.
function pump(source: AsyncGenerator<Uint8Array>, gunzip: ReturnType<typeof createGunzip>): void {
  (async () => {
    for await (const chunk of source) {
      if (gunzip.destroyed) return;
      if (!gunzip.write(chunk)) await drainedOrClosed(gunzip);
    }
    if (!gunzip.destroyed) gunzip.end();
  })().catch((error: unknown) => gunzip.destroy(error instanceof Error ? error : new Error(String(error))));
}

function drainedOrClosed(stream: ReturnType<typeof createGunzip>): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off("drain", done).off("close", done);
      resolve();
    };
    stream.on("drain", done).on("close", done);
  });
}

function isZlibError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | undefined)?.code;
  return error instanceof Error && typeof code === "string" && code.startsWith("Z_");
}
