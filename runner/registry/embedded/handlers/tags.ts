import type { RegistryContext } from "../context.js";
import { RegistryError } from "../http/errors.js";
import { type Exchange, noteAudit, sendJson } from "../http/exchange.js";
import { compareBytes, formatNextLink, paginate, parsePageSize } from "../http/paging.js";
import { repositoryExists } from "../storage/repositories.js";

// end-8a/8b: GET /v2/<name>/tags/list — tags in byte order; `n` limits the page, `last` starts after a tag, and a
// Link header points at the next page when more remain. NAME_UNKNOWN for a repository never pushed to.
export async function handleTags(ctx: RegistryContext, ex: Exchange, route: { readonly name: string }): Promise<void> {
  const { name } = route;
  noteAudit(ex, { kind: "tags-list", repository: name });
  const n = parsePageSize(ex.query.get("n"));
  if (!(await repositoryExists(ctx.store.layout, name))) {
    throw new RegistryError("NAME_UNKNOWN", `repository ${name} is not known to this registry`, { detail: { name } });
  }
  const tags = [...(await ctx.store.tags.all(name)).keys()].sort(compareBytes);
  const page = paginate(tags, (tag) => tag, { n, last: ex.query.get("last"), max: ctx.limits.maxPageEntries });
  const link: Record<string, string> = page.next
    ? { Link: formatNextLink(`/v2/${name}/tags/list`, page.items.length, page.next) }
    : {};
  sendJson(ex, 200, { name, tags: page.items }, link);
}
