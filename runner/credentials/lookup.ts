import { homedir } from "node:os";
import { join } from "node:path";
import type { RegistryCredentials } from "../../grader/registry/auth.js";
import { type AuthConfigFile, decodeAuthEntry, readAuthConfig } from "./config-file.js";
import { runCredentialHelper } from "./helper.js";
import { findByHost, serverKey } from "./host-match.js";

/** Credentials and where they came from (a file, a helper, or the command line), for messages. */
export interface FoundCredentials {
  readonly credentials: RegistryCredentials;
  readonly source: string;
}

// The files searched, in order: podman's $REGISTRY_AUTH_FILE when set, Docker's config.json ($DOCKER_CONFIG or
// ~/.docker), then podman's auth.json under $XDG_RUNTIME_DIR and $XDG_CONFIG_HOME (~/.config).
export function authFilePaths(env: NodeJS.ProcessEnv): string[] {
  const home = env.HOME || homedir();
  return [
    env.REGISTRY_AUTH_FILE || undefined,
    join(env.DOCKER_CONFIG || join(home, ".docker"), "config.json"),
    env.XDG_RUNTIME_DIR ? join(env.XDG_RUNTIME_DIR, "containers", "auth.json") : undefined,
    join(env.XDG_CONFIG_HOME || join(home, ".config"), "containers", "auth.json"),
  ].filter((p): p is string => p !== undefined);
}

// One file's credentials for `host`: its credHelpers entry, else its credsStore, else its `auths` entry.
async function lookupInFile(file: AuthConfigFile, host: string, env: NodeJS.ProcessEnv) {
  const helper = findByHost(file.credHelpers, host);
  if (helper !== undefined) {
    const credentials = await runCredentialHelper(helper, serverKey(host), env);
    return credentials && { credentials, source: `docker-credential-${helper} (credHelpers in ${file.path})` };
  }
  if (file.credsStore !== undefined) {
    const credentials = await runCredentialHelper(file.credsStore, serverKey(host), env);
    if (credentials)
      return { credentials, source: `docker-credential-${file.credsStore} (credsStore in ${file.path})` };
  }
  const entry = findByHost(file.auths, host);
  const credentials = entry && decodeAuthEntry(entry, file.path);
  return credentials && { credentials, source: file.path };
}

// Finds credentials for `host[:port]` the way `docker login` and `podman login` store them; flags win.
export async function findCredentials(
  host: string,
  env: NodeJS.ProcessEnv,
  flags?: RegistryCredentials,
): Promise<FoundCredentials | undefined> {
  if (flags) return { credentials: flags, source: "--username and --password-stdin" };
  for (const path of authFilePaths(env)) {
    const file = await readAuthConfig(path);
    const found = file && (await lookupInFile(file, host, env));
    if (found) return found;
  }
  return undefined;
}
