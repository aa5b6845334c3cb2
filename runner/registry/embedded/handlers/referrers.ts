import type { Digest } from "../../../../grader/oci/digest.js";
import { MediaType } from "../../../../grader/oci/media-types.js";
import type { RegistryContext } from "../context.js";
import { type Exchange, noteAudit, sendJson } from "../http/exchange.js";
import { compareBytes, formatNextLink, paginate, parsePageSize } from "../http/paging.js";
import type { ReferrerDescriptor } from "../storage/referrers.js";

interface ReferrersRoute {
  readonly name: string;
  readonly digest: Digest;
}

async function presentReferrers(ctx: RegistryContext, route: ReferrersRoute): Promise<ReferrerDescriptor[]> {
  const all = await ctx.store.referrers.list(route.name, route.digest);
  const present = await Promise.all(all.map((d) => ctx.store.revisions.get(route.name, d.digest)));
  return all.filter((_, i) => present[i] !== undefined).sort((a, b) => compareBytes(a.digest, b.digest));
}

// end-12a/12b: GET /v2/<name>/referrers/<digest> — an image index of the manifests whose `subject` is the digest,
// each with its artifactType and annotations; always 200 (an unknown subject has no referrers). `artifactType`
// filters and is echoed in OCI-Filters-Applied; `n`/`last` page by digest with a Link header.
export async function handleReferrers(ctx: RegistryContext, ex: Exchange, route: ReferrersRoute): Promise<void> {
  noteAudit(ex, { kind: "referrers-list", repository: route.name, digest: route.digest });
  const artifactType = ex.query.get("artifactType");
  const n = parsePageSize(ex.query.get("n"));
  const referrers = await presentReferrers(ctx, route);
  const matching = artifactType === null ? referrers : referrers.filter((d) => d.artifactType === artifactType);
  const page = paginate(matching, (d) => d.digest, { n, last: ex.query.get("last"), max: ctx.limits.maxPageEntries });
  const headers: Record<string, string> = { "Content-Type": MediaType.ociIndex };
  if (artifactType !== null) headers["OCI-Filters-Applied"] = "artifactType";
  if (page.next) {
    const extra: Record<string, string> = artifactType === null ? {} : { artifactType };
    headers.Link = formatNextLink(`/v2/${route.name}/referrers/${route.digest}`, page.items.length, page.next, extra);
  }
  sendJson(ex, 200, { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: page.items }, headers);
}
