import type { AuthChallenge } from "./www-authenticate.js";

/** A user name and password for HTTP basic authentication. */
export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * How requests to the registry are authorised. The transport asks for a header only for URLs on the
 * registry's origin, and calls `challenged` on a 401 so a token flow (Bearer) can fetch a token and retry.
 */
export interface Authenticator {
  /** The `Authorization` value for a request, or undefined to send none. */
  header(url: URL, method: string): Promise<string | undefined>;
  /** Reacts to a 401's challenges; true when a retry may now succeed. */
  challenged(challenges: readonly AuthChallenge[], url: URL): Promise<boolean>;
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
