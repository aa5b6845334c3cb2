import type { RegistryContext } from "../context.js";
import { type Exchange, sendJson } from "../http/exchange.js";
import { formatNextLink, paginate, parsePageSize } from "../http/paging.js";
import { listRepositories } from "../storage/repositories.js";

const CATALOG_DEFAULT_ENTRIES = 100;

// GET /v2/_catalog: repository names in byte order, paged with n/last/Link (100 per page unless n says otherwise,
// as distribution does).
export async function handleCatalog(ctx: RegistryContext, ex: Exchange): Promise<void> {
  const names = await listRepositories(ctx.store.layout);
  const n = parsePageSize(ex.query.get("n")) ?? CATALOG_DEFAULT_ENTRIES;
  const page = paginate(names, (name) => name, { n, last: ex.query.get("last"), max: ctx.limits.maxPageEntries });
  const headers: Record<string, string> = page.next
    ? { Link: formatNextLink("/v2/_catalog", page.items.length, page.next) }
    : {};
  sendJson(ex, 200, { repositories: page.items }, headers);
}
