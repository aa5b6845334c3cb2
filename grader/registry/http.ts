import type { IncomingMessage } from "node:http";
import { type Authenticator, anonymousAuth, basicAuth } from "./auth.js";
import { RegistryClientError, RegistryUnreachableError, redactUrl, type UnreachableReason } from "./errors.js";
import { exchange, releaseBody } from "./exchange.js";
import { collectHeaders, type ResponseHeaders } from "./headers.js";
import { type IdleTimeout, startIdleTimeout } from "./idle-timeout.js";
import { parseRegistryUrl, resolveOnOrigin } from "./urls.js";
import { parseWwwAuthenticate } from "./www-authenticate.js";

/** Options shared by the read client and the writer. */
export interface TransportOptions {
  /** Idle timeout per request in milliseconds (default 15 000). */
  readonly timeoutMs?: number;
  /** Basic credentials; sent only to the registry's origin. */
  readonly credentials?: { readonly username: string; readonly password: string };
  /** Replaces the credentials option, e.g. with a token flow. */
  readonly auth?: Authenticator;
  /** Same-origin redirects followed per request (default 5). */
  readonly maxRedirects?: number;
}

/** Where and how requests go: one registry origin, its auth, its timeout. */
export interface Transport {
  readonly origin: URL;
  readonly timeoutMs: number;
  readonly auth: Authenticator;
  readonly maxRedirects: number;
}

/** One request; `url` must be on the transport's origin. */
export interface RegistryRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
}

/**
 * A response whose body is still unread: read it with `bodyChunks`/`readBody`, or drop it with `discardBody`
 * (both keep `idle` up to date and return the connection to the pool or close it).
 */
export interface RegistryResponse {
  readonly method: string;
  readonly url: URL;
  readonly status: number;
  readonly headers: ResponseHeaders;
  /** The body as it arrives (async iterable of Uint8Array); `destroy()` closes its connection. */
  readonly body: IncomingMessage;
  readonly idle: IdleTimeout;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

// A transport for `http://host:port` or `https://host:port`; credentials in the URL count as basic credentials.
export function createTransport(baseUrl: string, options: TransportOptions = {}): Transport {
  const { origin, credentials } = parseRegistryUrl(baseUrl);
  const basic = options.credentials ?? credentials;
  return {
    origin,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    auth: options.auth ?? (basic ? basicAuth(basic) : anonymousAuth()),
    maxRedirects: options.maxRedirects ?? 5,
  };
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

// `host:port` of a URL, with the scheme's default port spelled out.
export function formatAddress(url: URL): string {
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return `${url.hostname}:${port}`;
}

function classifyNetworkError(error: unknown, idle: IdleTimeout): UnreachableReason {
  if (idle.expired) return "timeout";
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === "ECONNREFUSED") return "refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "dns";
  if (code === "ECONNRESET" || code === "EPIPE") return "reset";
  if (code === "ETIMEDOUT") return "timeout";
  return "network";
}

// Turns a network failure (no HTTP answer) into RegistryUnreachableError; client errors and programming errors
// (a TypeError, e.g. a header value node:http refuses) pass through.
export function toClientError(error: unknown, method: string, url: URL, idle: IdleTimeout): Error {
  if (error instanceof RegistryClientError || error instanceof TypeError) return error;
  const reason = classifyNetworkError(error, idle);
  return new RegistryUnreachableError(method, redactUrl(url), formatAddress(url), reason, { cause: error });
}

async function sendOnce(t: Transport, req: RegistryRequest, idle: IdleTimeout): Promise<IncomingMessage> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers ?? {})) headers[name.toLowerCase()] = value;
  const authorization = await t.auth.header(req.url, req.method);
  if (authorization !== undefined) headers.authorization = authorization;
  try {
    return await exchange({ method: req.method, url: req.url, headers, body: req.body }, idle);
  } catch (error) {
    throw toClientError(error, req.method, req.url, idle);
  }
}

// The request a redirect leads to (RFC 9110 §15.4): 303, and 301/302 after a POST, become a GET.
function followRedirect(t: Transport, req: RegistryRequest, status: number, headers: ResponseHeaders): RegistryRequest {
  const url = resolveOnOrigin(t.origin, req.url, headers.get("location") ?? "", "redirect");
  const toGet = status === 303 || ((status === 301 || status === 302) && req.method === "POST");
  if (!toGet) return { ...req, url };
  return { method: req.method === "HEAD" ? "HEAD" : "GET", url, headers: req.headers };
}

// Sends a request on the registry's origin: same-origin redirects only, one retry after an auth challenge.
// On failure nothing is left open: the timeout is cleared and an unread answer's connection closed.
export async function send(t: Transport, request: RegistryRequest): Promise<RegistryResponse> {
  if (request.url.origin !== t.origin.origin) {
    throw new TypeError(`request URL ${redactUrl(request.url)} is off-origin`);
  }
  const idle = startIdleTimeout(t.timeoutMs);
  let req = request;
  let redirects = 0;
  let challenged = false;
  let res: IncomingMessage | undefined;
  try {
    for (;;) {
      res = await sendOnce(t, req, idle);
      idle.refresh();
      const status = res.statusCode ?? 0;
      const headers = collectHeaders(res.rawHeaders);
      if (REDIRECTS.has(status) && headers.has("location") && redirects < t.maxRedirects) {
        await releaseBody(res);
        req = followRedirect(t, req, status, headers);
        redirects++;
        continue;
      }
      if (status === 401) {
        const challenges = parseWwwAuthenticate(headers.get("www-authenticate") ?? "");
        if ((await t.auth.challenged(challenges, req.url, req.method, challenged)) && !challenged) {
          challenged = true;
          await releaseBody(res);
          continue;
        }
      }
      idle.hold(false);
      return { method: req.method, url: req.url, status, headers, body: res, idle };
    }
  } catch (error) {
    idle.clear();
    res?.destroy();
    throw error;
  }
}
