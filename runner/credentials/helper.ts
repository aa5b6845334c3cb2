import type { RegistryCredentials } from "../../grader/registry/auth.js";
import { LabsError } from "../errors.js";

// Credential helpers (docker/docker-credential-helpers protocol): `docker-credential-<name> get` reads the server
// URL on stdin and prints `{"ServerURL","Username","Secret"}`; a Username of `<token>` means Secret is an
// identity token.

/** How long a helper may take (a keychain prompt is not expected: `labs` is not interactive here). */
export const HELPER_TIMEOUT_MS = 10_000;

const NOT_FOUND = /credentials not found/i;

// Asks `docker-credential-<name>` for the credentials of `serverUrl`; undefined when it has none.
export async function runCredentialHelper(
  name: string,
  serverUrl: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = HELPER_TIMEOUT_MS,
): Promise<RegistryCredentials | undefined> {
  const program = `docker-credential-${name}`;
  const { execa } = await import("execa"); // loaded only when a helper is configured
  const result = await execa(program, ["get"], { input: serverUrl, env, timeout: timeoutMs, reject: false });
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.failed && NOT_FOUND.test(output)) return undefined;
  if (result.failed) {
    const why = result.timedOut ? `did not answer within ${timeoutMs / 1000} s` : result.shortMessage;
    throw new LabsError(
      "ENVIRONMENT",
      `The credential helper \`${program}\` failed for ${serverUrl}: ${why}.`,
      `Check it with \`echo ${serverUrl} | ${program} get\`, or pass --username and --password-stdin.`,
    );
  }
  return decodeHelperOutput(result.stdout, program);
}

function decodeHelperOutput(stdout: string, program: string): RegistryCredentials | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new LabsError("ENVIRONMENT", `The credential helper \`${program}\` printed something that is not JSON.`);
  }
  const { Username: username, Secret: secret } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof secret !== "string" || secret === "") return undefined;
  if (username === "<token>") return { username: "", password: "", identityToken: secret };
  return { username: typeof username === "string" ? username : "", password: secret };
}
