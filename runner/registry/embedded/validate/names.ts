import { type Digest, parseDigest } from "../../../../grader/oci/digest.js";
import { RegistryError } from "../http/errors.js";

// Grammar from distribution-spec "Pulling manifests": repository names and tags. Every name, tag and digest is
// checked here before any filesystem path is built from it, so `..`, `/` tricks and NUL bytes never reach storage.

const COMPONENT = "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*";
const NAME_PATTERN = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const TAG_PATTERN = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;

/** Longest repository name accepted (distribution's RepositoryNameTotalLengthMax). */
const MAX_NAME_LENGTH = 255;

/** A manifest reference from a URL: a tag or a digest, never both. */
export type ManifestReference =
  | { readonly tag: string; readonly digest?: undefined }
  | { readonly digest: Digest; readonly tag?: undefined };

// True when the string is a repository name in the spec's grammar and at most 255 characters.
export function isRepositoryName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_NAME_LENGTH && NAME_PATTERN.test(name);
}

// True when the string is a tag: 1–128 characters, starting with a letter, digit or underscore.
export function isTag(tag: string): boolean {
  return TAG_PATTERN.test(tag);
}

// The repository name, or NAME_INVALID.
export function parseRepositoryName(name: string): string {
  if (isRepositoryName(name)) return name;
  throw new RegistryError("NAME_INVALID", `invalid repository name ${JSON.stringify(name.slice(0, 300))}`, {
    detail: {
      rule: "lowercase path components [a-z0-9] joined by '.', '_', '__' or '-', separated by '/', at most 255 characters",
    },
  });
}

// A digest from a URL or query parameter, or DIGEST_INVALID (supported: sha256, sha512).
export function parseDigestParam(value: string | null | undefined, what = "digest"): Digest {
  if (value === null || value === undefined || value === "") {
    throw new RegistryError("DIGEST_INVALID", `${what} is missing`);
  }
  try {
    return parseDigest(value);
  } catch (err) {
    throw new RegistryError("DIGEST_INVALID", `invalid ${what} ${JSON.stringify(value.slice(0, 200))}`, {
      detail: (err as Error).message,
    });
  }
}

// A manifest reference: anything with a ':' must be a digest, anything else a tag (TAG_INVALID otherwise).
export function parseManifestReference(reference: string): ManifestReference {
  if (reference.includes(":")) return { digest: parseDigestParam(reference, "manifest digest") };
  if (isTag(reference)) return { tag: reference };
  throw new RegistryError("TAG_INVALID", `invalid tag ${JSON.stringify(reference.slice(0, 200))}`, {
    detail: { rule: "[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}" },
  });
}
