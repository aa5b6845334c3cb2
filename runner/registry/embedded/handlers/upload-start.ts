import { type Digest, isDigest } from "../../../../grader/oci/digest.js";
import type { RegistryContext } from "../context.js";
import { type Exchange, noteAudit, send } from "../http/exchange.js";
import { declaredLength, hasBody } from "../http/read-body.js";
import { listRepositories } from "../storage/repositories.js";
import { commitUpload } from "../uploads/commit.js";
import { appendBody } from "../uploads/receive.js";
import { isRepositoryName, parseDigestParam } from "../validate/names.js";
import { blobLocation, sessionHeaders } from "./upload-urls.js";

async function findLinkedRepository(ctx: RegistryContext, digest: Digest): Promise<string | undefined> {
  for (const name of await listRepositories(ctx.store.layout)) {
    if (await ctx.store.links.has(name, digest)) return name;
  }
  return undefined;
}

// The repository to mount from: `from` when it holds the blob; without `from`, any repository holding it, but
// only when auth is off (with auth, naming the source is how a client shows it may read it).
async function mountSource(ctx: RegistryContext, digest: Digest, from: string | null): Promise<string | undefined> {
  if (from !== null) {
    return isRepositoryName(from) && (await ctx.store.links.has(from, digest)) ? from : undefined;
  }
  return ctx.authEnabled ? undefined : findLinkedRepository(ctx, digest);
}

async function tryMount(ctx: RegistryContext, name: string, mount: string, from: string | null): Promise<boolean> {
  if (!isDigest(mount)) return false;
  const source = await mountSource(ctx, mount, from);
  if (source === undefined || (await ctx.store.blobs.size(mount)) === undefined) return false;
  await ctx.store.repoLocks.read(name, () => ctx.store.links.link(name, mount));
  return true;
}

// end-4a/4b/11: POST /v2/<name>/blobs/uploads/ — mount (`?mount=&from=`, 201), single-request upload
// (`?digest=` with a body, 201), or a new session (202 with Location). A mount that cannot be done opens a session,
// so the client falls back to uploading (distribution-spec "Mounting a blob from another repository").
export async function handleUploadStart(
  ctx: RegistryContext,
  ex: Exchange,
  route: { readonly name: string },
): Promise<void> {
  const { name } = route;
  const mount = ex.query.get("mount");
  const from = ex.query.get("from");
  if (mount !== null) {
    noteAudit(ex, { kind: "mount", repository: name, digest: mount, ...(from === null ? {} : { from }) });
    if (await tryMount(ctx, name, mount, from)) {
      send(ex, 201, { Location: blobLocation(ex, name, mount as Digest), "Docker-Content-Digest": mount });
      return;
    }
  }
  const digestParam = ex.query.get("digest");
  if (digestParam !== null && hasBody(ex.req)) {
    await uploadInOneRequest(ctx, ex, name, parseDigestParam(digestParam));
    return;
  }
  await ctx.quota.check(0);
  const session = await ctx.uploads.open(name);
  noteAudit(ex, { kind: ex.audit?.kind ?? "upload-start", repository: name, upload: session.id });
  send(ex, 202, sessionHeaders(ex, session));
}

async function uploadInOneRequest(ctx: RegistryContext, ex: Exchange, name: string, digest: Digest): Promise<void> {
  await ctx.quota.check(declaredLength(ex.req) ?? 0);
  const session = await ctx.uploads.open(name);
  noteAudit(ex, { kind: "upload-monolithic", repository: name, digest, upload: session.id });
  await ctx.uploads.use(name, session.id, async () => {
    try {
      noteAudit(ex, { bytes: await appendBody(session, ex.req, ctx.limits.maxBlobBytes) });
    } catch (err) {
      await ctx.uploads.discard(session);
      throw err;
    }
    await ctx.store.repoLocks.read(name, () => commitUpload(ctx.store, ctx.uploads, ctx.quota, session, digest));
  });
  send(ex, 201, { Location: blobLocation(ex, name, digest), "Docker-Content-Digest": digest });
}
