import type { Digest } from "../oci/digest.js";
import type { GradeContext } from "./context.js";
import type { FieldProblem } from "./kind.js";
import { prefixed } from "./lab-ref.js";
import { loadRef } from "./objects-load.js";

// Tag predicates over a repository's observed state (distribution-spec "Listing Tags", "Deleting Manifests"):
// which tags match a pattern, which tags point at a digest, and what a fallback tag is.

// The tags of a lab repository (every page).
export function repositoryTags(ctx: GradeContext, repository: string): Promise<string[]> {
  return ctx.source.tags(prefixed(ctx.prefix, repository));
}

const MAX_PATTERN = 128;

// A tag glob (`*` any run, `?` one character) compiled to an anchored regular expression; a problem when invalid.
export function compileTagGlob(value: unknown, problems: FieldProblem[]): RegExp | undefined {
  if (typeof value !== "string" || value === "" || value.length > MAX_PATTERN || !/^[A-Za-z0-9_.*?-]+$/.test(value)) {
    problems.push({
      path: ["pattern"],
      message: "`pattern` is a tag glob: tag characters with `*` and `?`, for example `sha256-*`",
    });
    return undefined;
  }
  const body = value.replace(/[.]/g, "\\.").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}

const MAX_TAGS_RESOLVED = 100;

// The tags of `repository` that resolve to `digest` (at most the first 100 tags are resolved).
export async function tagsPointingAt(ctx: GradeContext, repository: string, digest: Digest): Promise<string[]> {
  const found: string[] = [];
  for (const tag of (await repositoryTags(ctx, repository)).slice(0, MAX_TAGS_RESOLVED)) {
    ctx.deadline.check("resolving tags");
    const loaded = await loadRef(ctx, { repository, reference: tag, text: `${repository}:${tag}` });
    if (loaded.state === "found" && loaded.fetched.digest === digest) found.push(tag);
  }
  return found;
}

const FALLBACK_TAG = /^sha(256|512)-[0-9a-f]{64,128}$/;
const COSIGN_TAG = /^sha(256|512)-[0-9a-f]{64,128}\.(sig|att|sbom)$/;

// What a digest-named tag is: an OCI referrers fallback tag (distribution-spec "Referrers Tag Schema") or a
// cosign signature/attestation/SBOM tag; undefined for an ordinary tag.
export function digestTagRole(tag: string): string | undefined {
  if (FALLBACK_TAG.test(tag)) return "a referrers fallback tag (an index of the artifacts attached to that digest)";
  if (COSIGN_TAG.test(tag)) return "a cosign signature, attestation or SBOM tag";
  return undefined;
}

// "`a`, `b`, `c` and 4 more".
export function listTags(tags: readonly string[], max = 5): string {
  const shown = tags.slice(0, max).map((t) => `\`${t}\``);
  const rest = tags.length - shown.length;
  if (rest > 0) return `${shown.join(", ")} and ${rest} more`;
  return shown.length <= 1 ? shown.join("") : `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}
