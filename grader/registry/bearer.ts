import type { Authenticator, RegistryCredentials } from "./auth.js";
import { coversScopes, mergeScopes, parseScopes, type Scope, scopeKey, scopesForRequest } from "./scopes.js";
import { fetchToken } from "./token-fetch.js";
import { buildTokenRequest, type IssuedToken, type TokenRequest } from "./token-request.js";
import type { AuthChallenge } from "./www-authenticate.js";

/** Options of the bearer-token flow. */
export interface BearerOptions {
  /** The registry; tokens are sent to this origin only. */
  readonly registry: string | URL;
  /** Looked up once, on the first challenge; undefined asks for anonymous tokens. */
  readonly credentials?: () => Promise<RegistryCredentials | undefined>;
  /** Ask for pull and push on every repository request (a writer), not pull for reads. */
  readonly push?: boolean;
  /** Per token request (default the transport's 15 s). */
  readonly timeoutMs?: number;
  /** The clock, in milliseconds (tests inject one). */
  readonly now?: () => number;
  /** Sends a token request (tests inject one; default fetchToken). */
  readonly fetchToken?: (request: TokenRequest) => Promise<IssuedToken>;
}

interface CachedToken {
  readonly token: string;
  readonly scopes: readonly Scope[];
  readonly expiresAtMs: number;
}

/** At most this much of a token's lifetime is cut off, so it is not used in its last seconds. */
export const EXPIRY_MARGIN_MS = 10_000;

// When a token stops being used: its lifetime minus a margin of a tenth of it, at most EXPIRY_MARGIN_MS.
export function expiryOf(receivedAtMs: number, lifetimeMs: number): number {
  return receivedAtMs + lifetimeMs - Math.min(EXPIRY_MARGIN_MS, lifetimeMs / 10);
}

// Remembers a function's first result (a rejection is not remembered).
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => {
    result ??= load().catch((error: unknown) => {
      result = undefined;
      throw error;
    });
    return result;
  };
}

// The distribution token flow: on a 401 `Bearer realm=…,service=…,scope=…` it fetches a token for the request's
// scopes plus the challenge's, caches it per scope set until shortly before it expires, and lets the transport
// retry. Once a challenge was seen, later requests get their token before they are sent. (One closure over its
// state, the token cache, the requests in flight and the scopes learned from challenges, hence its length.)
export function bearerAuth(options: BearerOptions): Authenticator {
  const registry = new URL(options.registry);
  const now = options.now ?? Date.now;
  const send = options.fetchToken ?? ((r: TokenRequest) => fetchToken(r, { timeoutMs: options.timeoutMs }));
  const credentials = once(options.credentials ?? (async () => undefined));
  const cache = new Map<string, CachedToken>();
  const pending = new Map<string, Promise<CachedToken>>();
  const learned = new Map<string, Scope[]>();
  let challenge: AuthChallenge | undefined;

  const valid = (entry: CachedToken | undefined) => (entry && entry.expiresAtMs > now() ? entry : undefined);
  const covering = (scopes: readonly Scope[]) =>
    [...cache.values()].reverse().find((e) => valid(e) && coversScopes(e.scopes, scopes));
  const target = (url: URL, method: string) => {
    const need = scopesForRequest(url, method, options.push);
    return learned.get(scopeKey(need)) ?? need;
  };

  const obtain = (scopes: readonly Scope[], from: AuthChallenge): Promise<CachedToken> => {
    const key = scopeKey(scopes);
    const inFlight = pending.get(key);
    if (inFlight) return inFlight;
    const job = (async () => {
      const issued = await send(buildTokenRequest(from, scopes, await credentials(), registry));
      const entry = { token: issued.token, scopes, expiresAtMs: expiryOf(now(), issued.lifetimeMs) };
      cache.set(key, entry);
      return entry;
    })().finally(() => pending.delete(key));
    pending.set(key, job);
    return job;
  };

  return {
    async header(url, method) {
      if (url.origin !== registry.origin) return undefined;
      const scopes = target(url, method);
      const entry = valid(cache.get(scopeKey(scopes))) ?? covering(scopes);
      if (entry) return `Bearer ${entry.token}`;
      if (!challenge) return undefined;
      return `Bearer ${(await obtain(scopes, challenge)).token}`;
    },
    async challenged(challenges, url, method = "GET") {
      const bearer = challenges.find((c) => c.scheme === "bearer");
      if (!bearer || url.origin !== registry.origin) return false;
      challenge = bearer;
      const need = scopesForRequest(url, method, options.push);
      const wanted = mergeScopes(need, parseScopes(bearer.params.scope));
      learned.set(scopeKey(need), wanted);
      cache.delete(scopeKey(wanted));
      await obtain(wanted, bearer);
      return true;
    },
  };
}
