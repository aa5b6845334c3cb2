import type { Digest } from "../../../../grader/oci/digest.js";
import {
  type ManifestReference,
  parseDigestParam,
  parseManifestReference,
  parseRepositoryName,
} from "../validate/names.js";
import { RegistryError } from "./errors.js";

// Maps a request path to one of the distribution-spec endpoints (end-1 … end-13), validating every path
// parameter. The name group is greedy, as in distribution, so names may contain '/'.

/** An endpoint with its validated parameters. */
export type Route =
  | { readonly kind: "base" }
  | { readonly kind: "catalog" }
  | { readonly kind: "tags"; readonly name: string }
  | { readonly kind: "manifest"; readonly name: string; readonly reference: ManifestReference }
  | { readonly kind: "blob"; readonly name: string; readonly digest: Digest }
  | { readonly kind: "upload-start"; readonly name: string }
  | { readonly kind: "upload"; readonly name: string; readonly id: string }
  | { readonly kind: "referrers"; readonly name: string; readonly digest: Digest };

type RouteKind = Route["kind"];

/** Methods each endpoint answers; any other gets 405 with an Allow header. */
const ROUTE_METHODS: Readonly<Record<RouteKind, readonly string[]>> = {
  base: ["GET", "HEAD"],
  catalog: ["GET"],
  tags: ["GET"],
  manifest: ["GET", "HEAD", "PUT", "DELETE"],
  blob: ["GET", "HEAD", "DELETE"],
  "upload-start": ["POST"],
  upload: ["GET", "PATCH", "PUT", "DELETE"],
  referrers: ["GET"],
};

const UPLOAD_ID = /^[A-Za-z0-9-]{1,64}$/;

const PATTERNS: readonly [RegExp, (m: RegExpExecArray) => Route][] = [
  [/^\/v2\/?$/, () => ({ kind: "base" })],
  [/^\/v2\/_catalog$/, () => ({ kind: "catalog" })],
  [/^\/v2\/(.+)\/tags\/list$/, (m) => ({ kind: "tags", name: name(m) })],
  [
    /^\/v2\/(.+)\/manifests\/([^/]+)$/,
    (m) => ({ kind: "manifest", name: name(m), reference: parseManifestReference(m[2] ?? "") }),
  ],
  [/^\/v2\/(.+)\/blobs\/uploads\/?$/, (m) => ({ kind: "upload-start", name: name(m) })],
  [/^\/v2\/(.+)\/blobs\/uploads\/([^/]+)$/, (m) => ({ kind: "upload", name: name(m), id: uploadId(m[2] ?? "") })],
  [/^\/v2\/(.+)\/blobs\/([^/]+)$/, (m) => ({ kind: "blob", name: name(m), digest: parseDigestParam(m[2]) })],
  [/^\/v2\/(.+)\/referrers\/([^/]+)$/, (m) => ({ kind: "referrers", name: name(m), digest: parseDigestParam(m[2]) })],
];

function name(m: RegExpExecArray): string {
  return parseRepositoryName(m[1] ?? "");
}

function uploadId(id: string): string {
  if (UPLOAD_ID.test(id)) return id;
  throw new RegistryError("BLOB_UPLOAD_UNKNOWN", "unknown upload session");
}

// The route for a method and a (percent-decoded) path; throws NOT_FOUND, UNSUPPORTED (405) or a validation error.
export function parseRoute(method: string, path: string): Route {
  for (const [pattern, build] of PATTERNS) {
    const match = pattern.exec(path);
    if (!match) continue;
    const route = build(match);
    const allowed = ROUTE_METHODS[route.kind];
    if (!allowed.includes(method)) {
      throw new RegistryError("UNSUPPORTED", `${method} is not supported on this endpoint`, {
        headers: { Allow: allowed.join(", ") },
      });
    }
    return route;
  }
  throw new RegistryError("NOT_FOUND", `no such endpoint: ${path.slice(0, 200)}`);
}

// The path of a request URL, percent-decoded; NOT_FOUND when the encoding is malformed.
export function decodeRequestPath(rawPath: string): string {
  try {
    return decodeURIComponent(rawPath);
  } catch {
    throw new RegistryError("NOT_FOUND", "malformed percent-encoding in the request path");
  }
}
