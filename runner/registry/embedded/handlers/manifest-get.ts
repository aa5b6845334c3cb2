import type { Digest } from "../../../../grader/oci/digest.js";
import type { RegistryContext } from "../context.js";
import { RegistryError } from "../http/errors.js";
import { type Exchange, noteAudit, send } from "../http/exchange.js";
import type { ManifestReference } from "../validate/names.js";

interface ManifestRoute {
  readonly name: string;
  readonly reference: ManifestReference;
}

function manifestUnknown(route: ManifestRoute): RegistryError {
  const reference = route.reference.tag ?? route.reference.digest;
  return new RegistryError("MANIFEST_UNKNOWN", `manifest ${reference} is not in repository ${route.name}`, {
    detail: { name: route.name, reference },
  });
}

// True when the Accept header lists the media type exactly (distribution ignores wildcards and q-values too).
function accepts(acceptHeader: string | undefined, mediaType: string): boolean {
  if (acceptHeader === undefined) return false;
  return acceptHeader.split(",").some((entry) => (entry.split(";")[0] ?? "").trim().toLowerCase() === mediaType);
}

// The digest a manifest reference points at in a repository, or undefined.
async function resolveReference(ctx: RegistryContext, route: ManifestRoute): Promise<Digest | undefined> {
  return route.reference.digest ?? (await ctx.store.tags.resolve(route.name, route.reference.tag));
}

// end-3: GET/HEAD /v2/<name>/manifests/<reference> — the exact bytes pushed, with the Content-Type they were
// pushed with, whatever the Accept header says. When Accept does not list that type, a `Warning: 299` says so
// (distribution 2.8 would answer 404 for OCI types, or convert a Docker list to schema 1).
export async function handleManifestGet(ctx: RegistryContext, ex: Exchange, route: ManifestRoute): Promise<void> {
  const head = ex.req.method === "HEAD";
  const reference = route.reference.tag ?? route.reference.digest;
  noteAudit(ex, { kind: head ? "manifest-head" : "manifest-get", repository: route.name, reference });
  const digest = await resolveReference(ctx, route);
  const record = digest && (await ctx.store.revisions.get(route.name, digest));
  const bytes = digest && record ? await ctx.store.blobs.read(digest) : undefined;
  if (!digest || !record || !bytes) throw manifestUnknown(route);
  noteAudit(ex, { digest, ...(head ? {} : { bytes: bytes.byteLength }) });
  const headers: Record<string, string> = {
    "Content-Type": record.contentType,
    "Docker-Content-Digest": digest,
    ETag: `"${digest}"`,
  };
  const ifNoneMatch = ex.req.headers["if-none-match"];
  if (ifNoneMatch === digest || ifNoneMatch === `"${digest}"`) {
    ex.res.writeHead(304, headers);
    ex.res.end();
    return;
  }
  if (!accepts(ex.req.headers.accept, record.contentType)) {
    headers.Warning = `299 - "the Accept header does not list ${record.contentType}; this registry serves it anyway, distribution 2.8 would refuse or convert it"`;
  }
  send(ex, 200, headers, bytes);
}
