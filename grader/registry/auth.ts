import type { AuthChallenge } from "./www-authenticate.js";

/** A user name and password for HTTP basic authentication. */
export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

/** Credentials for a registry: a password, or an OAuth2 refresh token from `docker login` (`identitytoken`). */
export interface RegistryCredentials extends BasicCredentials {
  /** Exchanged at the token server with `grant_type=refresh_token` instead of sending the password. */
  readonly identityToken?: string;
}

/**
 * How requests to the registry are authorised. The transport asks for a header only for URLs on the
 * registry's origin, and calls `challenged` on a 401 so a token flow (Bearer) can fetch a token and retry.
 */
export interface Authenticator {
  /** The `Authorization` value for a request, or undefined to send none. */
  header(url: URL, method: string): Promise<string | undefined>;
  /**
   * Reacts to a 401's challenges (for `method` on `url`); true when a retry may now succeed. `retried` is true
   * for the 401 that answered the retry: the transport then returns the 401 whatever the result, so this is the
   * place to throw a clearer error.
   */
  challenged(challenges: readonly AuthChallenge[], url: URL, method?: string, retried?: boolean): Promise<boolean>;
}

// No credentials: every request is anonymous and a 401 is final.
export function anonymousAuth(): Authenticator {
  return {
    header: async () => undefined,
    challenged: async () => false,
  };
}

// Sends `Authorization: Basic …` on every request (the transport only asks for registry-origin URLs).
export function basicAuth(credentials: BasicCredentials): Authenticator {
  if (credentials.username.includes(":")) throw new TypeError("basic auth user names cannot contain ':'");
  const value = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, "utf8").toString("base64")}`;
  return {
    header: async () => value,
    challenged: async () => false,
  };
}
