import { LimitExceededError } from "../oci/limits.js";
import { anonymousAuth, basicAuth } from "./auth.js";
import { type AuthFailure, RegistryAuthError } from "./auth-errors.js";
import { discardBody, readBody } from "./body.js";
import { DEFAULT_TIMEOUT_MS, send, type Transport } from "./http.js";
import { decodeTokenResponse, type IssuedToken, TOKEN_RESPONSE_MAX_BYTES, type TokenRequest } from "./token-request.js";

/** How token requests are sent: a timeout per request and a cap on the response. */
export interface TokenFetchOptions {
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
}

// A transport pinned to the realm's origin: basic credentials go there and nowhere else, redirects stay there.
function realmTransport(request: TokenRequest, timeoutMs: number): Transport {
  return {
    origin: new URL(request.url.origin),
    timeoutMs,
    auth: request.credentials ? basicAuth(request.credentials) : anonymousAuth(),
    maxRedirects: 3,
  };
}

function failureFor(status: number, withCredentials: boolean): AuthFailure {
  if (status === 401) return withCredentials ? "refused" : "credentials-needed";
  if (status === 403) return withCredentials ? "forbidden" : "credentials-needed";
  return "token-server";
}

// Asks the token server for a token; 401/403 become RegistryAuthError, as does an oversized or malformed answer.
export async function fetchToken(request: TokenRequest, options: TokenFetchOptions = {}): Promise<IssuedToken> {
  const t = realmTransport(request, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const res = await send(t, { method: request.method, url: request.url, headers: request.headers, body: request.body });
  const withCredentials = request.credentials !== undefined || request.method === "POST";
  if (res.status !== 200) {
    await discardBody(res);
    const reason = failureFor(res.status, withCredentials);
    const detail = `token server ${request.url.origin} answered ${res.status}`;
    throw new RegistryAuthError(reason, request.registry, request.scopes, res.status, detail);
  }
  const maxBytes = options.maxBytes ?? TOKEN_RESPONSE_MAX_BYTES;
  try {
    return decodeTokenResponse(await readBody(res, maxBytes, "maxManifestBytes", "token response"), request);
  } catch (error) {
    if (!(error instanceof LimitExceededError)) throw error;
    const detail = `token response from ${request.url.origin} is larger than ${maxBytes} bytes`;
    throw new RegistryAuthError("token-server", request.registry, request.scopes, 200, detail, { cause: error });
  }
}
