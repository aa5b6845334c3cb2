import type { RegistryAuthError } from "../../grader/registry/auth-errors.js";
import { LabsError } from "../errors.js";

const LOGIN_HINT = (host: string) =>
  `Check \`docker login ${host}\` (or \`podman login ${host}\`), or pass --username NAME --password-stdin.`;

function repositoriesOf(error: RegistryAuthError): string {
  const names = error.repositories;
  return names.length === 0 ? "" : ` for repository ${names.map((n) => `\`${n}\``).join(", ")}`;
}

// The learner-facing error for a failed authorisation: what the registry refused, where the credentials came
// from, and what to do.
export function describeAuthError(error: RegistryAuthError, source: string | undefined): LabsError {
  const host = error.registry;
  const where = repositoriesOf(error);
  const from = source === undefined ? "" : ` (credentials from ${source})`;
  const make = (message: string, hint: string) => new LabsError("ENVIRONMENT", message, hint, { cause: error });
  switch (error.reason) {
    case "refused":
      return make(`The registry at ${host} refused these credentials${where}${from}.`, LOGIN_HINT(host));
    case "forbidden":
      return make(
        `The registry at ${host} accepted the credentials but does not allow ${error.scopes.join(" ")}${from}.`,
        `Use an account that may access it: ${LOGIN_HINT(host)}`,
      );
    case "credentials-needed":
      return make(`The registry at ${host} wants credentials${where} and none were found for it.`, LOGIN_HINT(host));
    default:
      return make(
        `The registry at ${host} could not be authorised: ${error.message}.`,
        "Check the registry's token server; run again with LABS_DEBUG=1 for details.",
      );
  }
}
