import { type Digest, DigestFormatError, parseDigest } from "./digest.js";

// Image references, following distribution/reference (reference.go, normalize.go):
//   reference := name [":" tag] ["@" digest];  name := [host[":" port] "/"] path-component ("/" path-component)*
// The first element is a registry host only if it contains "." or ":", is `localhost`, or has upper case;
// otherwise the registry is docker.io and a one-element name gets `library/`. Without a tag or digest the
// tag is `latest`. Digests go through parseDigest, so only sha256 and sha512 are accepted.

/** A parsed, normalised reference. */
export interface Reference {
  /** `host[:port]`; IPv6 hosts keep their brackets. */
  readonly registry: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: Digest;
}

export type ReferenceErrorCode =
  | "EMPTY"
  | "HAS_SCHEME"
  | "INVALID_HOST"
  | "INVALID_PORT"
  | "UPPERCASE"
  | "INVALID_PATH"
  | "HEX_NAME"
  | "NAME_TOO_LONG"
  | "INVALID_TAG"
  | "TAG_TOO_LONG"
  | "INVALID_DIGEST";

/** A string that is not a reference; `reason` says what is wrong in words a learner can act on. */
export class ReferenceFormatError extends Error {
  constructor(
    readonly input: string,
    readonly code: ReferenceErrorCode,
    readonly reason: string,
  ) {
    super(`invalid reference ${JSON.stringify(input.slice(0, 300))}: ${reason}`);
    this.name = "ReferenceFormatError";
  }
}

export const DEFAULT_REGISTRY = "docker.io";
export const DEFAULT_TAG = "latest";
export const MAX_NAME_LENGTH = 255;
export const MAX_TAG_LENGTH = 128;

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DOMAIN_COMPONENT = "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?";
const HOST = new RegExp(`^(\\[[a-fA-F0-9:]+\\]|${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*)(?::(.*))?$`);

// Parses and normalises a reference such as `localhost:5000/labs/app:v1@sha256:…`; throws ReferenceFormatError.
export function parseReference(input: string): Reference {
  const fail = (code: ReferenceErrorCode, reason: string): never => {
    throw new ReferenceFormatError(input, code, reason);
  };
  if (input === "") fail("EMPTY", "reference is empty");
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input))
    fail("HAS_SCHEME", "remove the scheme (`https://`): a reference starts with the registry host");
  if (/^[a-f0-9]{64}$/.test(input)) fail("HEX_NAME", "a 64-character hex string is an image ID, not a repository name");
  const at = input.indexOf("@");
  const digest = at < 0 ? undefined : parseReferenceDigest(input.slice(at + 1), fail);
  const { name, tag } = splitTag(at < 0 ? input : input.slice(0, at), fail);
  const { registry, repository } = splitName(name, fail);
  if (registry.length + 1 + repository.length > MAX_NAME_LENGTH) {
    fail("NAME_TOO_LONG", `name is longer than ${MAX_NAME_LENGTH} characters`);
  }
  const resolvedTag = tag ?? (digest ? undefined : DEFAULT_TAG);
  return { registry, repository, ...(resolvedTag ? { tag: resolvedTag } : {}), ...(digest ? { digest } : {}) };
}

type Fail = (code: ReferenceErrorCode, reason: string) => never;

function parseReferenceDigest(text: string, fail: Fail): Digest {
  try {
    return parseDigest(text);
  } catch (error) {
    if (error instanceof DigestFormatError) return fail("INVALID_DIGEST", `invalid digest: ${error.reason}`);
    throw error;
  }
}

// A tag follows the last ":" only when no "/" comes after it (a ":" before a "/" is a registry port).
function splitTag(text: string, fail: Fail): { name: string; tag?: string } {
  const colon = text.lastIndexOf(":");
  if (colon < 0 || colon < text.lastIndexOf("/") || text.slice(colon).includes("]")) return { name: text };
  const tag = text.slice(colon + 1);
  if (tag === "") fail("INVALID_TAG", "tag is empty (remove the trailing `:`)");
  if (tag.length > MAX_TAG_LENGTH) fail("TAG_TOO_LONG", `tag is longer than ${MAX_TAG_LENGTH} characters`);
  if (!TAG.test(tag)) {
    fail(
      "INVALID_TAG",
      `tag ${JSON.stringify(tag)} may use only letters, digits, \`_\`, \`.\` and \`-\`, and must not start with \`.\` or \`-\``,
    );
  }
  return { name: text.slice(0, colon), tag };
}

function splitName(name: string, fail: Fail): { registry: string; repository: string } {
  const slash = name.indexOf("/");
  const first = name.slice(0, slash);
  const hasHost =
    slash >= 0 &&
    (first.includes(".") || first.includes(":") || first === "localhost" || first !== first.toLowerCase());
  let registry = hasHost ? checkHost(first, fail) : DEFAULT_REGISTRY;
  let repository = hasHost ? name.slice(slash + 1) : name;
  if (registry === "index.docker.io") registry = DEFAULT_REGISTRY;
  if (registry === DEFAULT_REGISTRY && !repository.includes("/")) repository = `library/${repository}`;
  checkRepository(repository, fail);
  return { registry, repository };
}

function checkHost(host: string, fail: Fail): string {
  const match = HOST.exec(host);
  if (!match) {
    const ipv6 = !host.startsWith("[") && host.split(":").length > 2;
    fail(
      "INVALID_HOST",
      ipv6
        ? "put an IPv6 registry address in brackets, as in `[::1]:5000`"
        : `invalid registry host ${JSON.stringify(host)}`,
    );
  }
  const port = match?.[2];
  if (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    fail("INVALID_PORT", `invalid port ${JSON.stringify(port)}: use a number from 1 to 65535`);
  }
  return host;
}

function checkRepository(repository: string, fail: Fail): void {
  if (repository !== repository.toLowerCase()) fail("UPPERCASE", "repository must be lowercase");
  for (const component of repository.split("/")) {
    if (component === "")
      fail("INVALID_PATH", "repository path has an empty component (look for `//` or a trailing `/`)");
    if (!COMPONENT.test(component)) {
      fail(
        "INVALID_PATH",
        `invalid repository path component ${JSON.stringify(component)}: use lower-case letters and digits, separated by \`.\`, \`_\`, \`__\` or \`-\``,
      );
    }
  }
}

// `registry/repository[:tag][@digest]`, the canonical form.
export function formatReference(ref: Reference): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ""}${ref.digest ? `@${ref.digest}` : ""}`;
}

// A repository name as a registry accepts it in `/v2/<name>/…` (distribution-spec, "Pulling manifests").
export function isValidRepositoryName(name: string): boolean {
  return name.length <= MAX_NAME_LENGTH && REPOSITORY.test(name);
}

// A tag as a registry accepts it: `[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}`.
export function isValidTag(tag: string): boolean {
  return TAG.test(tag);
}
