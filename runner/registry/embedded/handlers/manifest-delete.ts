import type { Digest } from "../../../../grader/oci/digest.js";
import type { RegistryContext } from "../context.js";
import { RegistryError } from "../http/errors.js";
import { type Exchange, noteAudit, send } from "../http/exchange.js";
import type { ManifestReference } from "../validate/names.js";

interface ManifestRoute {
  readonly name: string;
  readonly reference: ManifestReference;
}

function unknown(name: string, reference: string): RegistryError {
  return new RegistryError("MANIFEST_UNKNOWN", `manifest ${reference} is not in repository ${name}`, {
    detail: { name, reference },
  });
}

async function deleteTag(ctx: RegistryContext, ex: Exchange, name: string, tag: string): Promise<void> {
  noteAudit(ex, { kind: "tag-delete", repository: name, reference: tag });
  const { tags } = ctx.store;
  await ctx.store.repoLocks.write(name, async () => {
    const digest = await tags.resolve(name, tag);
    if (digest === undefined || !(await tags.remove(name, tag))) throw unknown(name, tag);
    noteAudit(ex, { digest });
  });
}

async function deleteManifest(ctx: RegistryContext, ex: Exchange, name: string, digest: Digest): Promise<void> {
  noteAudit(ex, { kind: "manifest-delete", repository: name, reference: digest, digest });
  const { store } = ctx;
  await store.repoLocks.write(name, async () => {
    const record = await store.revisions.get(name, digest);
    if (!record) throw unknown(name, digest);
    for (const [tag, target] of await store.tags.all(name)) {
      if (target === digest) await store.tags.remove(name, tag);
    }
    if (record.subject) await store.referrers.remove(name, record.subject, digest);
    await store.revisions.remove(name, digest);
  });
}

// end-9: DELETE /v2/<name>/manifests/<reference> — by tag, removes only the tag (the manifest stays, reachable by
// digest); by digest, removes the manifest and every tag pointing at it. 202, or MANIFEST_UNKNOWN.
export async function handleManifestDelete(ctx: RegistryContext, ex: Exchange, route: ManifestRoute): Promise<void> {
  const { name, reference } = route;
  if (reference.tag !== undefined) await deleteTag(ctx, ex, name, reference.tag);
  else await deleteManifest(ctx, ex, name, reference.digest);
  send(ex, 202, {});
}
