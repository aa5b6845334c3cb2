import { Agent, type ClientRequest, type RequestOptions, request } from "node:http";

// Keep-alive connection pools shared by every transport of the process, one per scheme. Idle sockets are unref'd
// by node:http's Agent, so a pooled connection never keeps a finished CLI process alive.

/** Connections per registry origin: pushAll's default concurrency of 4 plus reads, with room to spare. */
export const MAX_SOCKETS_PER_ORIGIN = 8;

/** An idle pooled connection closes after this long (sooner when the server announces `Keep-Alive: timeout`). */
export const IDLE_SOCKET_MS = 4_000;

/** How requests to one scheme are made: node:http or node:https, with its keep-alive pool. */
export interface HttpClient {
  readonly agent: Agent;
  request(options: RequestOptions): ClientRequest;
}

const POOL = { keepAlive: true, maxSockets: MAX_SOCKETS_PER_ORIGIN, timeout: IDLE_SOCKET_MS } as const;

let plain: HttpClient | undefined;
let secure: Promise<HttpClient> | undefined;

// The pooled client for `http:` or `https:`; node:https (and TLS) is loaded only when an https origin needs it.
export function httpClientFor(protocol: string): HttpClient | Promise<HttpClient> {
  if (protocol === "https:") {
    secure ??= import("node:https").then((https) => ({ agent: new https.Agent(POOL), request: https.request }));
    return secure;
  }
  plain ??= { agent: new Agent(POOL), request };
  return plain;
}
