import type { ClientRequest, IncomingMessage, RequestOptions } from "node:http";
import { type HttpClient, httpClientFor } from "./agents.js";
import type { IdleTimeout } from "./idle-timeout.js";

/** One request as it goes on the wire: Authorization already decided, `url` already checked for its origin. */
export interface WireRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
}

// Methods that may be sent again when a reused keep-alive connection turns out closed (RFC 9110 §9.2.2).
const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);
// Methods that announce an empty body (`Content-Length: 0`) when they carry none, as fetch does.
const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);
// The User-Agent fetch sent, kept so registry logs (the embedded registry's audit) name the client as before.
const USER_AGENT = "node";

// node:http options for a request; user info in the URL is never sent (credentials come only from the auth).
function requestOptions(wire: WireRequest, client: HttpClient): RequestOptions {
  const { hostname, port, pathname, search } = wire.url;
  const headers: Record<string, string> = { "user-agent": USER_AGENT, ...wire.headers };
  if (wire.body !== undefined) headers["content-length"] = String(wire.body.byteLength);
  else if (BODY_METHODS.has(wire.method)) headers["content-length"] = "0";
  return {
    method: wire.method,
    hostname: hostname.startsWith("[") ? hostname.slice(1, -1) : hostname,
    port: port === "" ? undefined : Number(port),
    path: `${pathname}${search}`,
    headers,
    agent: client.agent,
  };
}

function ignore(): void {}

// Sends the request and resolves with the response once its headers arrived. The idle timeout stops the request,
// then the response; errors after the headers reach whoever reads the body, never the process. The connection is
// unref'd: the idle timeout alone decides whether the exchange keeps the process alive.
function awaitResponse(req: ClientRequest, body: Uint8Array | undefined, idle: IdleTimeout): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    idle.watch((error) => req.destroy(error));
    req.on("error", reject);
    req.on("socket", (socket) => socket.unref());
    req.on("response", (res) => {
      res.on("error", ignore);
      idle.watch((error) => res.destroy(error));
      resolve(res);
    });
    req.end(body);
  });
}

function isResetBeforeAnswer(req: ClientRequest, error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return req.reusedSocket && (code === "ECONNRESET" || code === "EPIPE");
}

// Sends one request on the process's keep-alive pool. An idempotent request whose reused connection was closed
// by the server before it answered goes out again (each retry drops one stale pooled connection).
export async function exchange(wire: WireRequest, idle: IdleTimeout): Promise<IncomingMessage> {
  const client = await httpClientFor(wire.url.protocol);
  for (;;) {
    const req = client.request(requestOptions(wire, client));
    try {
      return await awaitResponse(req, wire.body, idle);
    } catch (error) {
      if (idle.expired || !IDEMPOTENT.has(wire.method) || !isResetBeforeAnswer(req, error)) throw error;
    }
  }
}

// Drops an unread body: a complete one is drained so its connection returns to the pool, an unfinished one
// closes its connection instead of being read.
export function releaseBody(body: IncomingMessage): Promise<void> {
  if (body.readableEnded || body.destroyed) return Promise.resolve();
  if (!body.complete) {
    body.destroy();
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    body.once("end", resolve).once("close", resolve);
    body.resume();
  });
}
