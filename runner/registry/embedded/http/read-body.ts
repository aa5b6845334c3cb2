import type { IncomingMessage } from "node:http";
import type { Writable } from "node:stream";
import { type ErrorCode, RegistryError } from "./errors.js";

// Request bodies are read with events rather than pipeline/for-await: on an error those destroy the request and
// with it the socket, and the client would never see the 413 or 400 the registry wants to send.

// The declared Content-Length, or undefined for a chunked body.
export function declaredLength(req: IncomingMessage): number | undefined {
  const header = req.headers["content-length"];
  return header === undefined ? undefined : Number(header);
}

// True when the request carries a body (a non-zero Content-Length or chunked encoding).
export function hasBody(req: IncomingMessage): boolean {
  const length = declaredLength(req);
  return length === undefined ? req.headers["transfer-encoding"] !== undefined : length > 0;
}

// The error for a body over its limit.
export function bodyTooLarge(code: ErrorCode, limit: number): RegistryError {
  return new RegistryError(code, `request body is larger than the limit of ${limit} bytes`, { status: 413 });
}

// Streams the body into `out` with backpressure, passing each chunk to `inspect` first (which may throw to stop).
// Resolves with the byte count once `out` has finished; on failure the request is paused, `out` destroyed.
export function pumpBody(req: IncomingMessage, out: Writable, inspect: (chunk: Buffer) => void): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let received = 0;
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      req.off("data", onData);
      req.pause();
      out.destroy();
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      try {
        inspect(chunk);
      } catch (err) {
        fail(err);
        return;
      }
      received += chunk.byteLength;
      if (!out.write(chunk)) req.pause();
    };
    out.on("drain", () => req.resume());
    out.on("error", fail);
    out.on("finish", () => {
      if (settled) return;
      settled = true;
      resolve(received);
    });
    req.on("data", onData);
    req.on("end", () => out.end());
    req.on("error", fail);
    req.on("aborted", () => fail(new Error("client aborted the request")));
  });
}

// Reads a whole request body of at most `limit` bytes into memory; 413 with `code` when larger.
export function readBody(req: IncomingMessage, limit: number, code: ErrorCode): Promise<Buffer> {
  const length = declaredLength(req);
  if (length !== undefined && length > limit) return Promise.reject(bodyTooLarge(code, limit));
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off("data", onData);
      req.pause();
      reject(bodyTooLarge(code, limit));
    };
    req.on("data", onData);
    req.on("end", () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total)));
    req.on("error", reject);
    req.on("aborted", () => reject(new Error("client aborted the request")));
  });
}
