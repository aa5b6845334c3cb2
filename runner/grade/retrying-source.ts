import type { ObjectSource } from "../../grader/registry/source.js";

// Retries what a busy registry refuses for now (429 Too Many Requests, 5xx), with exponential backoff and jitter,
// honouring Retry-After up to a cap; other errors (404, 401, bad content) pass through at once.

/** Backoff settings. */
export interface RetryPolicy {
  readonly attempts: number;
  readonly baseMs: number;
  readonly maxMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 200, maxMs: 5_000 };

// Whether an error is worth another try.
export function isRetryable(error: unknown): boolean {
  const status = (error as { status?: unknown } | undefined)?.status;
  if (typeof status === "number") return status === 429 || status >= 500;
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === "ECONNRESET" || code === "ECONNREFUSED" || code === "ETIMEDOUT";
}

// Runs `task`, retrying retryable failures per the policy.
export async function withRetry<T>(task: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY): Promise<T> {
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      if (attempt >= policy.attempts || !isRetryable(error)) throw error;
      const retryAfter = (error as { retryAfterSeconds?: number }).retryAfterSeconds;
      const backoff = policy.baseMs * 2 ** (attempt - 1) * (0.5 + Math.random());
      await sleep(Math.min(policy.maxMs, retryAfter !== undefined ? retryAfter * 1000 : backoff));
    }
  }
}

// The same source, each call retried; a blob stream is retried only until its first chunk arrives.
export function retryingSource(source: ObjectSource, policy: RetryPolicy = DEFAULT_RETRY): ObjectSource {
  return {
    manifest: (repository, reference) => withRetry(() => source.manifest(repository, reference), policy),
    manifestExists: (repository, reference) => withRetry(() => source.manifestExists(repository, reference), policy),
    blob: (repository, descriptor, maxBytes) => withRetry(() => source.blob(repository, descriptor, maxBytes), policy),
    blobExists: (repository, digest) => withRetry(() => source.blobExists(repository, digest), policy),
    tags: (repository) => withRetry(() => source.tags(repository), policy),
    referrers: (repository, subject, type) => withRetry(() => source.referrers(repository, subject, type), policy),
    blobStream: (repository, descriptor) => retriedStream(() => source.blobStream(repository, descriptor), policy),
  };
}

async function* retriedStream(open: () => AsyncIterable<Uint8Array>, policy: RetryPolicy): AsyncGenerator<Uint8Array> {
  const { iterator, first } = await withRetry(async () => {
    const it = open()[Symbol.asyncIterator]();
    return { iterator: it, first: await it.next() };
  }, policy);
  for (let step = first; !step.done; step = await iterator.next()) yield step.value;
}
