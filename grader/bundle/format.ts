import { type Digest, isDigest } from "../oci/digest.js";
import { OciFormatError } from "../oci/format-error.js";
import { parseStrictJson } from "../oci/strict-json.js";

// The index of a submission bundle (`bundle.json`): what the learner's registry held for one lab, as the learner's
// tool saw it, plus answers and workspace files. Every digest it names is a file under `blobs/sha256/` of the
// bundle and is verified on reading; which tag pointed where is the learner's claim (docs/grading.md).

/** The bundle format this version of `labs` writes and reads. */
export const BUNDLE_VERSION = 1;

/** What one repository held: tags, the manifests it served (digest → media type) and the blobs linked to it. */
export interface BundleRepository {
  readonly tags: Readonly<Record<string, Digest>>;
  readonly manifests: Readonly<Record<string, string>>;
  readonly blobs: readonly Digest[];
}

/** bundle.json. */
export interface BundleIndex {
  readonly bundleVersion: number;
  readonly lab: { readonly number: number; readonly slug: string; readonly version: string };
  readonly tool: { readonly name: string; readonly version: string };
  readonly learner: string | null;
  /** The repository prefix the lab used, e.g. `lab09` or `course/alice/lab09`. */
  readonly prefix: string;
  readonly createdAt: string;
  /** Full repository names (prefix included). */
  readonly repositories: Readonly<Record<string, BundleRepository>>;
  readonly answers: Readonly<Record<string, string | number | readonly string[] | Readonly<Record<string, string>>>>;
  /** Workspace files: path relative to the workspace → digest of the content. */
  readonly files: Readonly<Record<string, Digest>>;
  /** What the learner's tool recorded: hints shown per task, `labs check` runs (claims, never graded). */
  readonly progress?: {
    readonly hints: Readonly<Record<string, number>>;
    readonly attempts: number;
    readonly solutionShown?: boolean;
  };
}

const TAG = /^[\w][\w.-]{0,127}$/;
const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

// Parses and validates bundle.json; throws OciFormatError naming the first field that is wrong.
export function parseBundleIndex(raw: Uint8Array, maxDepth: number): BundleIndex {
  let value: Record<string, unknown>;
  try {
    value = parseStrictJson(raw, { maxDepth }) as Record<string, unknown>;
  } catch (error) {
    throw new OciFormatError("INVALID_BUNDLE", `bundle.json is not valid JSON: ${(error as Error).message}`);
  }
  const fail = (where: string, what: string): never => {
    throw new OciFormatError("INVALID_BUNDLE", `bundle.json: ${where} ${what}`);
  };
  if (!isObject(value)) fail("the document", "is not an object");
  if (value.bundleVersion !== BUNDLE_VERSION)
    fail("bundleVersion", `is ${JSON.stringify(value.bundleVersion)}; this labs reads version ${BUNDLE_VERSION}`);
  const lab = value.lab as Record<string, unknown>;
  if (
    !isObject(lab) ||
    !Number.isInteger(lab.number) ||
    typeof lab.slug !== "string" ||
    typeof lab.version !== "string"
  )
    fail("lab", "needs number, slug and version");
  const tool = value.tool as Record<string, unknown>;
  if (!isObject(tool) || typeof tool.name !== "string" || typeof tool.version !== "string")
    fail("tool", "needs name and version");
  if (value.learner !== null && typeof value.learner !== "string") fail("learner", "is not a string or null");
  if (typeof value.prefix !== "string" || !REPOSITORY.test(value.prefix)) fail("prefix", "is not a repository prefix");
  if (typeof value.createdAt !== "string") fail("createdAt", "is not a string");
  const repositories = value.repositories as Record<string, unknown>;
  if (!isObject(repositories)) fail("repositories", "is not an object");
  for (const [name, repo] of Object.entries(repositories)) checkRepository(name, repo, String(value.prefix), fail);
  if (!isObject(value.answers)) fail("answers", "is not an object");
  const files = value.files as Record<string, unknown>;
  if (!isObject(files)) fail("files", "is not an object");
  for (const [path, digest] of Object.entries(files)) {
    if (!isSafePath(path)) fail(`files["${path}"]`, "is not a relative path inside the workspace");
    if (!isDigest(digest)) fail(`files["${path}"]`, "is not a digest");
  }
  const progress = value.progress as Record<string, unknown> | undefined;
  if (
    progress !== undefined &&
    (!isObject(progress) || !isObject(progress.hints) || !Number.isInteger(progress.attempts))
  )
    fail("progress", "needs hints and attempts");
  return value as unknown as BundleIndex;
}

function checkRepository(name: string, repo: unknown, prefix: string, fail: (where: string, what: string) => never) {
  const where = `repositories["${name}"]`;
  if (!REPOSITORY.test(name) || !name.startsWith(`${prefix}/`)) fail(where, `is not a repository under ${prefix}/`);
  const r = repo as Record<string, unknown>;
  if (!isObject(r) || !isObject(r.tags) || !isObject(r.manifests) || !Array.isArray(r.blobs))
    fail(where, "needs tags, manifests and blobs");
  for (const [tag, digest] of Object.entries(r.tags as object)) {
    if (!TAG.test(tag)) fail(`${where}.tags`, `has an invalid tag "${tag}"`);
    if (!isDigest(digest) || !(digest in (r.manifests as object)))
      fail(`${where}.tags.${tag}`, "is not one of its manifests");
  }
  for (const [digest, mediaType] of Object.entries(r.manifests as object)) {
    if (!isDigest(digest) || typeof mediaType !== "string")
      fail(`${where}.manifests`, `has an invalid entry "${digest}"`);
  }
  for (const digest of r.blobs as unknown[])
    if (!isDigest(digest)) fail(`${where}.blobs`, "has an entry that is not a digest");
}

// A workspace path a bundle may carry: relative, no `..`, no empty or `.` segments.
export function isSafePath(path: string): boolean {
  if (path.length === 0 || path.length > 1024 || path.startsWith("/")) return false;
  return path.split("/").every((s) => s.length > 0 && s !== "." && s !== ".." && !s.includes("\0"));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
