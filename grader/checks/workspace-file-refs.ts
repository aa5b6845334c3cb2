import { parseReference, type Reference, ReferenceFormatError } from "../oci/reference.js";
import type { GradeContext } from "./context.js";
import type { LabRef } from "./lab-ref.js";
import { parseDockerfile } from "./parse-dockerfile.js";
import { type ParseProblem, parseEnvFile } from "./parse-env-file.js";
import { parseYamlImages } from "./parse-k8s-yaml.js";

// The image references a workspace file holds, found by parsing it for real (Dockerfile, multi-document YAML,
// env file, or one reference per line), each mapped to the lab's registry and namespace when it points there.

/** How a workspace file is read. */
export type WorkspaceFormat = "dockerfile" | "yaml" | "env" | "text" | "oci-layout";
/** Every format, for validation. */
export const WORKSPACE_FORMATS: readonly WorkspaceFormat[] = ["dockerfile", "yaml", "env", "text", "oci-layout"];

/** An image reference as found in a file. */
export interface FoundReference {
  /** As written (after ARG substitution in a Dockerfile). */
  readonly text: string;
  /** Where, for messages: "FROM on line 3", "`spec.containers[0].image` (line 9)". */
  readonly where: string;
  readonly parsed?: Reference;
  /** Why it is not a reference, when it is not. */
  readonly invalid?: string;
  /** The lab repository and reference it names, when it points into the lab's registry and namespace. */
  readonly lab?: LabRef;
}

/** Everything read from a file. */
export interface FileReferences {
  readonly references: readonly FoundReference[];
  readonly problems: readonly ParseProblem[];
}

// The format a file name suggests: Dockerfile/Containerfile, .yaml/.yml, .env, otherwise one reference per line.
export function formatOf(path: string): WorkspaceFormat {
  const name = path.slice(path.lastIndexOf("/") + 1);
  if (/^(Dockerfile|Containerfile)(\..*)?$|\.(dockerfile|containerfile)$/i.test(name)) return "dockerfile";
  if (/\.ya?ml$/i.test(name)) return "yaml";
  if (/(^|\.)env$/i.test(name)) return "env";
  return "text";
}

// Parses `text` as `format` and collects its image references (`key` names the env variable that holds one).
export function referencesIn(text: string, format: WorkspaceFormat, ctx: GradeContext, key?: string): FileReferences {
  const found = (ref: string, where: string) => toFound(ref, where, ctx);
  if (format === "dockerfile") {
    const file = parseDockerfile(text);
    return {
      references: file.images.map((i) => found(i.reference, `${i.source} on line ${i.line}`)),
      problems: file.problems,
    };
  }
  if (format === "yaml") {
    const file = parseYamlImages(text);
    return {
      references: file.images.map((i) => found(i.image, `\`${i.path}\` (line ${i.line})`)),
      problems: file.problems,
    };
  }
  if (format === "env") {
    const file = parseEnvFile(text);
    const entries = file.entries.filter((e) => e.key === key);
    const repeated = entries
      .slice(1)
      .map((e) => ({ line: e.line, message: `${key} is set again (first on line ${entries[0]?.line})` }));
    return {
      references: entries.map((e) => found(e.value, `${key} on line ${e.line}`)),
      problems: [...file.problems, ...repeated],
    };
  }
  const lines = text.split(/\r?\n/).map((l, i) => [l.trim(), i + 1] as const);
  return {
    references: lines.filter(([l]) => l !== "" && !l.startsWith("#")).map(([l, n]) => found(l, `line ${n}`)),
    problems: [],
  };
}

function toFound(text: string, where: string, ctx: GradeContext): FoundReference {
  let parsed: Reference;
  try {
    parsed = parseReference(text);
  } catch (error) {
    if (error instanceof ReferenceFormatError) return { text, where, invalid: error.reason };
    throw error;
  }
  const lab = labRefOf(parsed, ctx);
  return { text, where, parsed, ...(lab ? { lab } : {}) };
}

// The lab reference a parsed reference names: same registry (loopback names are interchangeable), repository
// under the lab prefix; the digest wins over the tag.
export function labRefOf(ref: Reference, ctx: GradeContext): LabRef | undefined {
  const registry = ctx.values.REGISTRY;
  if (registry && !sameRegistry(ref.registry, registry)) return undefined;
  const prefix = ctx.prefix ? `${ctx.prefix}/` : "";
  if (!ref.repository.startsWith(prefix)) return undefined;
  const repository = ref.repository.slice(prefix.length);
  const reference = ref.digest ?? ref.tag ?? "latest";
  return { repository, reference, text: `${repository}${ref.digest ? `@${ref.digest}` : `:${reference}`}` };
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

function sameRegistry(a: string, b: string): boolean {
  if (a === b) return true;
  const split = (host: string) => {
    const colon = host.lastIndexOf(":");
    return colon > host.lastIndexOf("]") ? [host.slice(0, colon), host.slice(colon + 1)] : [host, ""];
  };
  const [hostA, portA] = split(a);
  const [hostB, portB] = split(b);
  return portA === portB && LOOPBACK.has(hostA ?? "") && LOOPBACK.has(hostB ?? "");
}
