import { type Authenticator, basicAuth } from "./auth.js";
import { RegistryAuthError } from "./auth-errors.js";
import { type BearerOptions, bearerAuth, once } from "./bearer.js";
import { formatScope, scopesForRequest } from "./scopes.js";

// Answers whatever the registry asks for: a Bearer challenge starts the token flow, a Basic challenge sends the
// credentials (to the registry's origin only). Nothing is sent before the first challenge, so a registry without
// auth never causes a credential lookup.
export function challengeAuth(options: BearerOptions): Authenticator {
  const registry = new URL(options.registry);
  const credentials = once(options.credentials ?? (async () => undefined));
  const bearer = bearerAuth({ ...options, credentials });
  let scheme: "basic" | "bearer" | undefined;
  let basic: Authenticator | undefined;

  const refusal = async (url: URL, method: string, detail: string) => {
    const scopes = scopesForRequest(url, method, options.push).map(formatScope);
    const reason = (await credentials()) ? "refused" : "credentials-needed";
    return new RegistryAuthError(reason, registry.host, scopes, 401, `${detail} (401)`);
  };

  return {
    header(url, method) {
      if (url.origin !== registry.origin) return Promise.resolve(undefined);
      if (scheme === "bearer") return bearer.header(url, method);
      return basic ? basic.header(url, method) : Promise.resolve(undefined);
    },
    async challenged(challenges, url, method = "GET", retried = false) {
      if (url.origin !== registry.origin) return false;
      if (challenges.some((c) => c.scheme === "bearer")) {
        if (retried) throw await refusal(url, method, "the registry refused the token it was given");
        scheme = "bearer";
        return bearer.challenged(challenges, url, method);
      }
      if (!challenges.some((c) => c.scheme === "basic")) return false;
      if (basic || retried) throw await refusal(url, method, "the registry refused the basic credentials");
      const found = await credentials();
      if (!found) throw await refusal(url, method, "the registry wants credentials");
      scheme = "basic";
      basic = basicAuth(found);
      return true;
    },
  };
}
