import { RegistryClientError } from "./errors.js";

/**
 * Why authorisation failed: `refused` (the credentials were rejected), `forbidden` (accepted, but not for these
 * repositories or actions), `credentials-needed` (none were found and anonymous access was refused),
 * `token-server` (the token server answered something unusable).
 */
export type AuthFailure = "refused" | "forbidden" | "credentials-needed" | "token-server";

/** A registry or its token server refused to authorise a request; callers turn it into a sentence. */
export class RegistryAuthError extends RegistryClientError {
  constructor(
    readonly reason: AuthFailure,
    /** `host[:port]` of the registry. */
    readonly registry: string,
    /** The scopes asked for, e.g. `repository:labs/hello:pull,push`. */
    readonly scopes: readonly string[],
    /** The HTTP status behind the failure, when there was one. */
    readonly status: number | undefined,
    detail: string,
    options?: { cause?: unknown },
  ) {
    const what = scopes.length === 0 ? "" : ` for ${scopes.join(" ")}`;
    super("REGISTRY_AUTH", `authorising at ${registry}${what}: ${detail}`, options);
  }

  /** The repository names among the scopes, e.g. `labs/hello`. */
  get repositories(): string[] {
    return this.scopes.filter((s) => s.startsWith("repository:")).map((s) => s.slice(11, s.lastIndexOf(":")));
  }
}
