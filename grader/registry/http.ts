import { type Authenticator, anonymousAuth, basicAuth } from "./auth.js";
import { RegistryClientError, RegistryUnreachableError, redactUrl, type UnreachableReason } from "./errors.js";
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

/** A response whose body is still unread; `idle` must be refreshed while reading and cleared after. */
export interface RegistryResponse {
  readonly method: string;
  readonly url: URL;
  readonly status: number;
  readonly headers: Headers;
  readonly body: ReadableStream<Uint8Array> | null;
  readonly idle: IdleTimeout;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

// A transport for `http://host:port`; credentials in the URL count as basic credentials.
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
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  if (code === "ECONNREFUSED") return "refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "dns";
  if (code === "ECONNRESET" || code === "EPIPE" || code === "UND_ERR_SOCKET") return "reset";
  if (code === "UND_ERR_CONNECT_TIMEOUT" || code === "UND_ERR_HEADERS_TIMEOUT") return "timeout";
  return "network";
}

// Turns a network failure (no HTTP answer) into RegistryUnreachableError; client errors pass through.
export function toClientError(error: unknown, method: string, url: URL, idle: IdleTimeout): Error {
  if (error instanceof RegistryClientError) return error;
  const reason = classifyNetworkError(error, idle);
  return new RegistryUnreachableError(method, redactUrl(url), formatAddress(url), reason, { cause: error });
}

async function fetchOnce(t: Transport, req: RegistryRequest, idle: IdleTimeout): Promise<Response> {
  const headers = new Headers(req.headers);
  const authorization = await t.auth.header(req.url, req.method);
  if (authorization !== undefined) headers.set("authorization", authorization);
  try {
    return await fetch(req.url, {
      method: req.method,
      headers,
      body: req.body,
      redirect: "manual",
      signal: idle.signal,
    });
  } catch (error) {
    throw toClientError(error, req.method, req.url, idle);
  }
}

// The request a redirect leads to (RFC 9110 §15.4): 303, and 301/302 after a POST, become a GET.
function followRedirect(t: Transport, req: RegistryRequest, res: Response): RegistryRequest {
  const url = resolveOnOrigin(t.origin, req.url, res.headers.get("location") ?? "", "redirect");
  const toGet = res.status === 303 || ((res.status === 301 || res.status === 302) && req.method === "POST");
  if (!toGet) return { ...req, url };
  return { method: req.method === "HEAD" ? "HEAD" : "GET", url, headers: req.headers };
}

// Sends a request on the registry's origin: same-origin redirects only, one retry after an auth challenge.
export async function send(t: Transport, request: RegistryRequest): Promise<RegistryResponse> {
  if (request.url.origin !== t.origin.origin) {
    throw new TypeError(`request URL ${redactUrl(request.url)} is off-origin`);
  }
  const idle = startIdleTimeout(t.timeoutMs);
  let req = request;
  let redirects = 0;
  let challenged = false;
  try {
    for (;;) {
      const res = await fetchOnce(t, req, idle);
      idle.refresh();
      if (REDIRECTS.has(res.status) && res.headers.has("location") && redirects < t.maxRedirects) {
        await res.body?.cancel();
        req = followRedirect(t, req, res);
        redirects++;
        continue;
      }
      if (res.status === 401 && !challenged) {
        challenged = true;
        const challenges = parseWwwAuthenticate(res.headers.get("www-authenticate") ?? "");
        if (await t.auth.challenged(challenges, req.url)) {
          await res.body?.cancel();
          continue;
        }
      }
      return { method: req.method, url: req.url, status: res.status, headers: res.headers, body: res.body, idle };
    }
  } catch (error) {
    idle.clear();
    throw error;
  }
}
