import type { Digest } from "../../../../grader/oci/digest.js";
import type { RegistryContext } from "../context.js";
import { RegistryError } from "../http/errors.js";
import { type Exchange, noteAudit, send } from "../http/exchange.js";
import { parseRangeHeader } from "../http/range.js";
import { sendFileRange } from "../http/send-file.js";

interface BlobRoute {
  readonly name: string;
  readonly digest: Digest;
}

function blobUnknown(route: BlobRoute): RegistryError {
  return new RegistryError("BLOB_UNKNOWN", `blob ${route.digest} is not in repository ${route.name}`, {
    detail: route.digest,
  });
}

// end-2: GET/HEAD /v2/<name>/blobs/<digest> — the bytes of a blob linked into the repository, streamed from disk,
// with single-range support (206, or 416 when the range starts past the end).
export async function handleBlobGet(ctx: RegistryContext, ex: Exchange, route: BlobRoute): Promise<void> {
  const { name, digest } = route;
  const head = ex.req.method === "HEAD";
  noteAudit(ex, { kind: head ? "blob-head" : "blob-get", repository: name, digest });
  const size = (await ctx.store.links.has(name, digest)) ? await ctx.store.blobs.size(digest) : undefined;
  if (size === undefined) throw blobUnknown(route);
  const range = parseRangeHeader(ex.req.headers.range, size);
  const headers = {
    "Content-Type": "application/octet-stream",
    "Docker-Content-Digest": digest,
    ETag: `"${digest}"`,
    "Accept-Ranges": "bytes",
    "Cache-Control": "max-age=31536000",
  };
  if (range === "unsatisfiable") {
    send(ex, 416, { ...headers, "Content-Range": `bytes */${size}` });
    return;
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  const length = Math.max(end - start + 1, 0);
  const partial = range ? { "Content-Range": `bytes ${start}-${end}/${size}` } : {};
  ex.res.writeHead(range ? 206 : 200, { ...headers, ...partial, "Content-Length": length });
  if (head || length === 0) {
    ex.res.end();
    return;
  }
  noteAudit(ex, { bytes: length });
  await sendFileRange(ex.res, ctx.store.blobs.path(digest), start, end);
}

// end-10: DELETE /v2/<name>/blobs/<digest> — unlinks the blob from this repository (202); the bytes stay for other
// repositories until garbage collection. BLOB_UNKNOWN when it is not linked here.
export async function handleBlobDelete(ctx: RegistryContext, ex: Exchange, route: BlobRoute): Promise<void> {
  const { name, digest } = route;
  noteAudit(ex, { kind: "blob-delete", repository: name, digest });
  const removed = await ctx.store.repoLocks.write(name, () => ctx.store.links.unlink(name, digest));
  if (!removed) throw blobUnknown(route);
  send(ex, 202, { "Docker-Content-Digest": digest });
}
