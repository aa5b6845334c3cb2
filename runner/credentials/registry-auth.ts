import type { Authenticator, RegistryCredentials } from "../../grader/registry/auth.js";
import { RegistryAuthError } from "../../grader/registry/auth-errors.js";
import { challengeAuth } from "../../grader/registry/challenge-auth.js";
import { describeAuthError } from "./auth-message.js";
import { findCredentials } from "./lookup.js";

/** Where credentials come from and what they are for. */
export interface RegistryAuthOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** From --username and --password-stdin; wins over every file. */
  readonly flags?: RegistryCredentials;
  /** A writer: ask for pull and push on each repository. */
  readonly push?: boolean;
}

// The authenticator for a registry URL: nothing is looked up until the registry challenges; then credentials come
// from the flags, Docker's or podman's files or a credential helper, and a refusal becomes a LabsError that
// says what to do.
export function registryAuth(url: string, options: RegistryAuthOptions = {}): Authenticator {
  const env = options.env ?? process.env;
  let source: string | undefined;
  const inner = challengeAuth({
    registry: new URL(url).origin,
    push: options.push,
    credentials: async () => {
      const found = await findCredentials(new URL(url).host, env, options.flags);
      source = found?.source;
      return found?.credentials;
    },
  });
  const explain = (error: unknown): never => {
    throw error instanceof RegistryAuthError ? describeAuthError(error, source) : error;
  };
  return {
    header: (target, method) => inner.header(target, method).catch(explain),
    challenged: (challenges, target, method, retried) =>
      inner.challenged(challenges, target, method, retried).catch(explain),
  };
}
