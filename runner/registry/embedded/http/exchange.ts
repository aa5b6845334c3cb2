import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuditKind } from "../audit/entry.js";
import { formatErrorBody, type RegistryError } from "./errors.js";

/** What a handler tells the audit log about its request (the dispatcher adds time, status and client). */
export interface AuditNote {
  readonly kind: AuditKind;
  readonly repository?: string;
  readonly reference?: string;
  readonly digest?: string;
  readonly from?: string;
  readonly upload?: string;
  readonly bytes?: number;
}

/** One request and its response, with the parsed query and the base URL clients used. */
export interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly query: URLSearchParams;
  /** `http://<Host header>`: absolute Location headers are built from it, as distribution does. */
  readonly origin: string;
  user?: string;
  audit?: AuditNote;
  /** Error code sent, for the audit log. */
  error?: string;
}

// Records (or extends) the audit note of an exchange.
export function noteAudit(ex: Exchange, note: Partial<AuditNote> & { kind?: AuditKind }): void {
  const kind = note.kind ?? ex.audit?.kind;
  if (kind === undefined) return;
  ex.audit = { ...ex.audit, ...note, kind };
}

// Sends a response with the given status, headers and optional body; Content-Length is always set.
export function send(
  ex: Exchange,
  status: number,
  headers: Record<string, string | number>,
  body?: string | Uint8Array,
): void {
  const length = body === undefined ? 0 : typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
  ex.res.writeHead(status, { ...headers, "Content-Length": length });
  if (body === undefined || ex.req.method === "HEAD") ex.res.end();
  else ex.res.end(body);
}

// Sends a JSON body.
export function sendJson(ex: Exchange, status: number, value: unknown, headers: Record<string, string> = {}): void {
  send(ex, status, { "Content-Type": "application/json", ...headers }, JSON.stringify(value));
}

// Sends the spec's error body for a RegistryError; closes the connection if the request body was not read.
export function sendRegistryError(ex: Exchange, err: RegistryError): void {
  const headers: Record<string, string> = { "Content-Type": "application/json", ...err.headers };
  if (!ex.req.complete) headers.Connection = "close";
  send(ex, err.status, headers, formatErrorBody(err.entries));
}
