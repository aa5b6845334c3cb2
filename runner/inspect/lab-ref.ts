import { parseReference, ReferenceFormatError } from "../../grader/oci/reference.js";
import { usageError } from "../errors.js";

// References as a learner types them for the lab registry: `lab09/src/app:v1`, `lab09/src/app@sha256:…`, or
// the same with the registry in front (`127.0.0.1:PORT/lab09/src/app:v1`; `localhost:PORT` works too).

/** A repository and a tag or digest inside the lab registry. */
export interface LabTarget {
  readonly repository: string;
  /** A tag or a digest. */
  readonly reference: string;
}

function hasHost(text: string): boolean {
  const slash = text.indexOf("/");
  if (slash < 0) return false;
  const first = text.slice(0, slash);
  return first.includes(".") || first.includes(":") || first === "localhost";
}

function sameRegistry(a: string, b: string): boolean {
  const loopback = (hostPort: string) => hostPort.replace(/^localhost(?=:|$)/, "127.0.0.1");
  return loopback(a) === loopback(b);
}

// The repository and tag (default `latest`) or digest of `text` in the lab registry at `hostPort`.
export function parseLabReference(text: string, hostPort: string, usage: string): LabTarget {
  let registry: string;
  let repository: string;
  let tag: string | undefined;
  let digest: string | undefined;
  try {
    ({ registry, repository, tag, digest } = parseReference(hasHost(text) ? text : `${hostPort}/${text}`));
  } catch (error) {
    if (!(error instanceof ReferenceFormatError)) throw error;
    throw usageError(`\`${text}\` is not a reference: ${error.reason}.`, `Usage: ${usage}`);
  }
  if (!sameRegistry(registry, hostPort)) {
    throw usageError(
      `\`${text}\` names the registry \`${registry}\`, not the lab registry.`,
      `Give a repository in the lab registry, for example \`lab09/src/app:v1\` or \`${hostPort}/lab09/src/app:v1\`.`,
    );
  }
  return { repository, reference: digest ?? tag ?? "latest" };
}
