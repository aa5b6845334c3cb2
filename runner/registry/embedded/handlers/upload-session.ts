import type { Digest } from "../../../../grader/oci/digest.js";
import type { RegistryContext } from "../context.js";
import { RegistryError } from "../http/errors.js";
import { type Exchange, noteAudit, send } from "../http/exchange.js";
import { parseUploadContentRange } from "../http/range.js";
import { declaredLength, hasBody } from "../http/read-body.js";
import { commitUpload } from "../uploads/commit.js";
import { appendBody } from "../uploads/receive.js";
import type { UploadSession } from "../uploads/sessions.js";
import { parseDigestParam } from "../validate/names.js";
import { blobLocation, sessionHeaders } from "./upload-urls.js";

interface UploadRoute {
  readonly name: string;
  readonly id: string;
}

// A chunk must start where the session ends (else 416, distribution-spec "Pushing a blob in chunks") and its
// Content-Length must match its Content-Range (else SIZE_INVALID). No Content-Range: a streamed chunk, appended.
function checkChunk(ex: Exchange, session: UploadSession): void {
  const header = ex.req.headers["content-range"];
  if (header === undefined) return;
  const range = parseUploadContentRange(header);
  if (range.start !== session.received) {
    throw new RegistryError(
      "RANGE_INVALID",
      `chunk starts at ${range.start} but the upload holds ${session.received} bytes`,
      {
        headers: sessionHeaders(ex, session),
        detail: { start: range.start, received: session.received },
      },
    );
  }
  const length = declaredLength(ex.req);
  if (length !== undefined && length !== range.end - range.start + 1) {
    throw new RegistryError("SIZE_INVALID", `Content-Length ${length} does not match Content-Range ${header}`);
  }
}

async function receiveChunk(ctx: RegistryContext, ex: Exchange, session: UploadSession): Promise<void> {
  checkChunk(ex, session);
  if (!hasBody(ex.req)) return;
  await ctx.quota.check(declaredLength(ex.req) ?? 0);
  noteAudit(ex, { bytes: await appendBody(session, ex.req, ctx.limits.maxBlobBytes) });
}

// end-13: GET <location> — 204 with `Range: 0-<end>` telling how much has arrived.
async function status(ctx: RegistryContext, ex: Exchange, route: UploadRoute): Promise<void> {
  await ctx.uploads.use(route.name, route.id, async (session) => send(ex, 204, sessionHeaders(ex, session)));
}

// end-5: PATCH <location> — appends a chunk (with Content-Range) or a stream (without); 202 with the new Range.
async function patch(ctx: RegistryContext, ex: Exchange, route: UploadRoute): Promise<void> {
  noteAudit(ex, { kind: "upload-chunk", repository: route.name, upload: route.id });
  await ctx.uploads.use(route.name, route.id, async (session) => {
    await receiveChunk(ctx, ex, session);
    send(ex, 202, sessionHeaders(ex, session));
  });
}

// end-6: PUT <location>?digest= — the last chunk (optional) and the digest of the whole blob; 201 when they agree.
async function put(ctx: RegistryContext, ex: Exchange, route: UploadRoute): Promise<void> {
  noteAudit(ex, { kind: "upload-complete", repository: route.name, upload: route.id });
  const digest: Digest = parseDigestParam(ex.query.get("digest"));
  noteAudit(ex, { digest });
  await ctx.uploads.use(route.name, route.id, async (session) => {
    await receiveChunk(ctx, ex, session);
    await ctx.store.repoLocks.read(route.name, () => commitUpload(ctx.store, ctx.uploads, ctx.quota, session, digest));
  });
  send(ex, 201, { Location: blobLocation(ex, route.name, digest), "Docker-Content-Digest": digest });
}

// DELETE <location> — cancels the upload (204).
async function cancel(ctx: RegistryContext, ex: Exchange, route: UploadRoute): Promise<void> {
  noteAudit(ex, { kind: "upload-cancel", repository: route.name, upload: route.id });
  await ctx.uploads.use(route.name, route.id, (session) => ctx.uploads.discard(session));
  send(ex, 204, {});
}

const METHODS: Readonly<Record<string, (ctx: RegistryContext, ex: Exchange, route: UploadRoute) => Promise<void>>> = {
  GET: status,
  PATCH: patch,
  PUT: put,
  DELETE: cancel,
};

// Requests on an open upload session, by method (the router admits only these four).
export async function handleUploadSession(ctx: RegistryContext, ex: Exchange, route: UploadRoute): Promise<void> {
  const handler = METHODS[ex.req.method ?? ""];
  if (handler) await handler(ctx, ex, route);
}
