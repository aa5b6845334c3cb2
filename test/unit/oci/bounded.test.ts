import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  createDeadline,
  DeadlineExceededError,
  gunzipBounded,
  RATIO_CHECK_MIN_BYTES,
  readBounded,
} from "../../../grader/oci/bounded.js";
import { OciFormatError } from "../../../grader/oci/format-error.js";
import { LimitExceededError } from "../../../grader/oci/limits.js";

// Yields `bytes` in chunks and counts how many chunks were pulled and whether the stream was closed.
function chunked(bytes: Uint8Array, size: number) {
  const stats = { pulled: 0, closed: false };
  async function* chunks() {
    try {
      for (let at = 0; at < bytes.byteLength; at += size) {
        stats.pulled++;
        yield bytes.subarray(at, at + size);
      }
    } finally {
      stats.closed = true;
    }
  }
  return { chunks: chunks(), stats };
}

async function drain(chunks: AsyncIterable<Uint8Array>): Promise<number> {
  let total = 0;
  for await (const chunk of chunks) total += chunk.byteLength;
  return total;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("readBounded", () => {
  it("returns everything up to and including the cap", async () => {
    const bytes = randomBytes(1000);
    expect(Buffer.from(await readBounded(chunked(bytes, 100).chunks, 1000)).equals(bytes)).toBe(true);
  });

  it("throws past the cap and stops pulling", async () => {
    const { chunks, stats } = chunked(new Uint8Array(10_000), 100);
    const error = await rejection(readBounded(chunks, 1000, "maxConfigBytes", "config"));
    expect(error).toBeInstanceOf(LimitExceededError);
    expect(error).toMatchObject({ limit: "maxConfigBytes", value: 1100, bound: 1000 });
    expect(stats.pulled).toBe(11);
    expect(stats.closed).toBe(true);
  });
});

describe("gunzipBounded", () => {
  it("decompresses a normal stream in small pieces", async () => {
    const original = randomBytes(300_000);
    const out = await readBounded(
      gunzipBounded(chunked(gzipSync(original), 1000).chunks, { maxBytes: 1e9, maxRatio: 100 }),
      1e9,
    );
    expect(Buffer.from(out).equals(original)).toBe(true);
  });

  it("allows a tiny, highly compressible layer below the ratio threshold", async () => {
    const zeros = new Uint8Array(RATIO_CHECK_MIN_BYTES / 2);
    expect(await drain(gunzipBounded(chunked(gzipSync(zeros), 64).chunks, { maxBytes: 1e9, maxRatio: 2 }))).toBe(
      zeros.byteLength,
    );
  });

  // A real gzip bomb, cheap to build: 32 identical gzip members of 1 MiB of zeros (about 1 KiB each).
  const member = gzipSync(new Uint8Array(1024 * 1024), { level: 9 });
  const bomb = Buffer.concat(Array.from({ length: 32 }, () => member));

  it("stops a gzip bomb on the ratio, long before its full size", async () => {
    expect(bomb.byteLength).toBeLessThan(40_000);
    let produced = 0;
    const error = await rejection(
      (async () => {
        for await (const chunk of gunzipBounded(chunked(bomb, 4096).chunks, { maxBytes: 1e12, maxRatio: 100 })) {
          produced += chunk.byteLength;
        }
      })(),
    );
    expect(error).toBeInstanceOf(LimitExceededError);
    expect(error).toMatchObject({ limit: "maxDecompressionRatio", bound: 100 });
    expect(produced).toBeLessThan(4 * RATIO_CHECK_MIN_BYTES);
  });

  it("decompresses such members fully when the bounds allow", async () => {
    const four = Buffer.concat([member, member, member, member]);
    const bounds = { maxBytes: 1e12, maxRatio: 1e6 };
    expect(await drain(gunzipBounded(chunked(four, 4096).chunks, bounds))).toBe(4 * 1024 * 1024);
  });

  it("stops at the decompressed byte cap", async () => {
    const error = await rejection(
      drain(gunzipBounded(chunked(bomb, 4096).chunks, { maxBytes: 1024 * 1024, maxRatio: 1e6 })),
    );
    expect(error).toMatchObject({ limit: "maxDecompressedBytes", bound: 1024 * 1024 });
  });

  it("closes its source when it stops early", async () => {
    const { chunks, stats } = chunked(bomb, 1024);
    await rejection(drain(gunzipBounded(chunks, { maxBytes: 64 * 1024, maxRatio: 100 })));
    expect(stats.closed).toBe(true);
  });

  it.each([
    { name: "bytes that are not gzip", bytes: new TextEncoder().encode("plain text, not gzip") },
    { name: "a truncated stream", bytes: gzipSync(randomBytes(10_000)).subarray(0, 5000) },
  ])("rejects $name as INVALID_GZIP", async ({ bytes }) => {
    const error = await rejection(drain(gunzipBounded(chunked(bytes, 512).chunks, { maxBytes: 1e9, maxRatio: 100 })));
    expect(error).toBeInstanceOf(OciFormatError);
    expect(error).toMatchObject({ code: "INVALID_GZIP" });
  });

  it("passes on an error of its source", async () => {
    async function* failing() {
      yield gzipSync(randomBytes(100)).subarray(0, 10);
      throw new Error("source broke");
    }
    expect(await rejection(drain(gunzipBounded(failing(), { maxBytes: 1e9, maxRatio: 100 })))).toMatchObject({
      message: "source broke",
    });
  });
});

describe("createDeadline", () => {
  it("passes while time remains and throws a typed error after", () => {
    let now = 1000;
    const deadline = createDeadline(50, () => now);
    expect(() => deadline.check()).not.toThrow();
    expect(deadline.remainingMs()).toBe(50);
    now = 1049;
    expect(() => deadline.check()).not.toThrow();
    now = 1050;
    let caught: unknown;
    try {
      deadline.check("walking");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DeadlineExceededError);
    expect(caught).toBeInstanceOf(LimitExceededError);
    expect(caught).toMatchObject({ limit: "gradingDeadlineMs", bound: 50, value: 50 });
    expect(deadline.remainingMs()).toBe(0);
  });

  it("aborts its signal when the time is up", async () => {
    const deadline = createDeadline(5);
    expect(deadline.signal.aborted).toBe(false);
    await new Promise((resolve) => deadline.signal.addEventListener("abort", resolve));
    expect(deadline.signal.reason).toBeInstanceOf(DeadlineExceededError);
  });

  it("never aborts an infinite deadline", () => {
    const deadline = createDeadline(Number.POSITIVE_INFINITY);
    expect(() => deadline.check()).not.toThrow();
    expect(deadline.signal.aborted).toBe(false);
  });
});
