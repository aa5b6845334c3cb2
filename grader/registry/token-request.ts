import type { BasicCredentials, RegistryCredentials } from "./auth.js";
import { RegistryAuthError } from "./auth-errors.js";
import { formatScope, type Scope } from "./scopes.js";
import type { AuthChallenge } from "./www-authenticate.js";

// Token requests and responses (distribution "Token Authentication Specification" and its OAuth2 variant).
// Pure: building the request and reading the answer; token-fetch.ts sends it.

/** How a token is asked for: GET with optional basic credentials, or an OAuth2 POST with a refresh token. */
export interface TokenRequest {
  readonly method: "GET" | "POST";
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
  /** Sent as `Authorization: Basic` to the realm's origin only. */
  readonly credentials?: BasicCredentials;
  /** What the token is for, for error messages. */
  readonly registry: string;
  readonly scopes: readonly string[];
}

/** A token and how long it may be used, in milliseconds from when it arrived. */
export interface IssuedToken {
  readonly token: string;
  readonly lifetimeMs: number;
}

/** Largest token response read (tokens with an x5c chain are a few KiB). */
export const TOKEN_RESPONSE_MAX_BYTES = 64 * 1024;
/** Lifetime of a token whose response has no `expires_in` (the specification's default). */
export const DEFAULT_TOKEN_LIFETIME_MS = 60_000;
/** The OAuth2 `client_id` sent with refresh-token requests. */
export const CLIENT_ID = "oci-labs";

// The realm as a URL: absolute http(s), no user info, and not plain http when the registry itself is https.
export function parseRealm(realm: string | undefined, registry: URL): URL {
  const fail = (detail: string) => new RegistryAuthError("token-server", registry.host, [], undefined, detail);
  if (realm === undefined || realm === "") throw fail("the Bearer challenge names no realm");
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    throw fail(`realm ${JSON.stringify(realm)} is not an absolute URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw fail(`realm ${url.origin} is not http(s)`);
  if (url.username !== "" || url.password !== "") throw fail("realm URL carries user info; refused");
  if (registry.protocol === "https:" && url.protocol === "http:")
    throw fail(`realm ${url.origin} is plain http for an https registry; refused`);
  return url;
}

// The token request for a Bearer challenge and the scopes wanted, with or without credentials.
export function buildTokenRequest(
  challenge: AuthChallenge,
  scopes: readonly Scope[],
  credentials: RegistryCredentials | undefined,
  registry: URL,
): TokenRequest {
  const url = parseRealm(challenge.params.realm, registry);
  const service = challenge.params.service;
  const formatted = scopes.map(formatScope);
  const common = { registry: registry.host, scopes: formatted };
  if (credentials?.identityToken) {
    const form = new URLSearchParams({ grant_type: "refresh_token", refresh_token: credentials.identityToken });
    if (service !== undefined) form.set("service", service);
    if (formatted.length > 0) form.set("scope", formatted.join(" "));
    form.set("client_id", CLIENT_ID);
    const headers = { "content-type": "application/x-www-form-urlencoded" };
    return { method: "POST", url, headers, body: new TextEncoder().encode(form.toString()), ...common };
  }
  if (service !== undefined) url.searchParams.set("service", service);
  for (const scope of formatted) url.searchParams.append("scope", scope);
  if (credentials === undefined) return { method: "GET", url, headers: {}, ...common };
  url.searchParams.set("account", credentials.username);
  const basic = { username: credentials.username, password: credentials.password };
  return { method: "GET", url, headers: {}, credentials: basic, ...common };
}

// Reads a token response: `token` or `access_token`, and `expires_in` seconds (default 60).
export function decodeTokenResponse(bytes: Uint8Array, request: TokenRequest): IssuedToken {
  const fail = (detail: string) =>
    new RegistryAuthError("token-server", request.registry, request.scopes, 200, `token response ${detail}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw fail("is not JSON");
  }
  if (typeof parsed !== "object" || parsed === null) throw fail("is not a JSON object");
  const { token, access_token: accessToken, expires_in: expiresIn } = parsed as Record<string, unknown>;
  const value = typeof token === "string" && token !== "" ? token : accessToken;
  if (typeof value !== "string" || value === "") throw fail("has neither `token` nor `access_token`");
  if (!/^[\x21-\x7e]+$/.test(value)) throw fail("carries a token with characters a header cannot hold");
  const seconds = typeof expiresIn === "number" && Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 0;
  return { token: value, lifetimeMs: seconds > 0 ? seconds * 1000 : DEFAULT_TOKEN_LIFETIME_MS };
}
