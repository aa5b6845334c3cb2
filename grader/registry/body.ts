import { readBounded } from "../oci/bounded.js";
import { LimitExceededError, type LimitName } from "../oci/limits.js";
import { RegistryError, type RegistryErrorCode } from "./errors.js";
import { releaseBody } from "./exchange.js";
import type { ResponseHeaders } from "./headers.js";
import { type RegistryResponse, toClientError } from "./http.js";

/** How much of an error body is read to find the spec's `{"errors":[…]}`. */
export const ERROR_BODY_MAX_BYTES = 64 * 1024;

// Yields the body's chunks, refreshing the idle timeout; network failures become client errors. The exchange
// holds the process only while the next chunk is awaited; stopping early closes the connection.
export async function* bodyChunks(res: RegistryResponse): AsyncGenerator<Uint8Array> {
  const chunks = res.body[Symbol.asyncIterator]();
  try {
    for (;;) {
      res.idle.hold(true);
      const next = await chunks.next();
      res.idle.hold(false);
      if (next.done) return;
      res.idle.refresh();
      yield next.value as Uint8Array;
    }
  } catch (error) {
    throw toClientError(error, res.method, res.url, res.idle);
  } finally {
    res.idle.clear();
    await chunks.return?.();
  }
}

// Reads the whole body; throws LimitExceededError as soon as more than `maxBytes` arrived (a declared
// Content-Length over the bound fails before reading; a smaller one is not trusted).
export async function readBody(
  res: RegistryResponse,
  maxBytes: number,
  limit: LimitName,
  context: string,
): Promise<Uint8Array> {
  const declared = Number(res.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) {
    await discardBody(res);
    throw new LimitExceededError(limit, declared, maxBytes, context);
  }
  return readBounded(bodyChunks(res), maxBytes, limit, context);
}

// Reads at most `maxBytes` of the body and drops the rest.
async function readPrefix(res: RegistryResponse, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of bodyChunks(res)) {
    const part = chunk.subarray(0, maxBytes - total);
    chunks.push(part);
    total += part.byteLength;
    if (total >= maxBytes) break;
  }
  return Buffer.concat(chunks, total);
}

// Drops an unread body: a complete one is drained so the connection is reused, an unfinished one closes it.
export async function discardBody(res: RegistryResponse): Promise<void> {
  res.idle.clear();
  await releaseBody(res.body);
}

function decodeErrorCode(entry: unknown): RegistryErrorCode | undefined {
  if (typeof entry !== "object" || entry === null) return undefined;
  const { code, message, detail } = entry as Record<string, unknown>;
  if (typeof code !== "string") return undefined;
  return {
    code,
    ...(typeof message === "string" ? { message } : {}),
    ...(detail !== undefined ? { detail } : {}),
  };
}

// The codes of a spec error body (distribution-spec "Error Codes"); anything else yields none.
export function parseErrorBody(bytes: Uint8Array): RegistryErrorCode[] {
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
    const errors = (parsed as { errors?: unknown } | null)?.errors;
    if (!Array.isArray(errors)) return [];
    return errors.map(decodeErrorCode).filter((c): c is RegistryErrorCode => c !== undefined);
  } catch {
    return [];
  }
}

function parseRetryAfter(headers: ResponseHeaders): number | undefined {
  const value = headers.get("retry-after");
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

// A RegistryError for a response, with the codes of its (bounded) error body.
export async function readRegistryError(res: RegistryResponse): Promise<RegistryError> {
  let codes: RegistryErrorCode[] = [];
  if (res.method === "HEAD") await discardBody(res);
  else codes = parseErrorBody(await readPrefix(res, ERROR_BODY_MAX_BYTES));
  return new RegistryError({
    method: res.method,
    url: res.url,
    status: res.status,
    codes,
    retryAfterSeconds: parseRetryAfter(res.headers),
  });
}

// Throws a RegistryError unless the status is one of `statuses`.
export async function expectStatus(res: RegistryResponse, ...statuses: number[]): Promise<void> {
  if (!statuses.includes(res.status)) throw await readRegistryError(res);
}
