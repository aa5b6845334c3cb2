import { DEFAULT_LIMITS } from "../oci/limits.js";
import { discardBody, expectStatus, readBody } from "./body.js";
import { RegistryProtocolError, redactUrl } from "./errors.js";
import { type RegistryResponse, send, type Transport } from "./http.js";
import { parseNextLink } from "./link.js";
import { resolveOnOrigin, tagsUrl } from "./urls.js";

/** Pages read per listing; each page is bounded like a manifest (maxManifestBytes). */
export const TAGS_MAX_PAGES = 1000;

// The `tags` of one `{"name":…,"tags":[…]}` page; `null` (distribution 2.8 after deletes) means none.
function parseTagsPage(raw: Uint8Array, res: RegistryResponse): string[] {
  const fail = (reason: string) => new RegistryProtocolError(res.method, redactUrl(res.url), reason);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(raw));
  } catch (error) {
    throw new RegistryProtocolError(res.method, redactUrl(res.url), "tag list is not JSON", { cause: error });
  }
  if (typeof parsed !== "object" || parsed === null) throw fail("tag list is not a JSON object");
  const tags = (parsed as { tags?: unknown }).tags;
  if (tags === null || tags === undefined) return [];
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === "string")) throw fail("`tags` is not a list of strings");
  return tags;
}

// The next page: the `Link` target if any, else `last=` when a full page suggests more (spec "Listing Tags").
function findNextPage(t: Transport, res: RegistryResponse, page: string[], pageSize?: number): URL | undefined {
  const link = parseNextLink(res.headers.get("link"));
  if (link !== undefined) return resolveOnOrigin(t.origin, res.url, link, "link");
  const last = page.at(-1);
  if (pageSize === undefined || page.length !== pageSize || last === undefined) return undefined;
  const url = new URL(res.url);
  url.searchParams.set("last", last);
  return url;
}

// Every tag of a repository, following `Link` and `n`/`last`; unknown repository → []. Sorted here
// (ASCII order, like the spec's lexical order) because distribution 2.8 returns directory order.
export async function listTags(t: Transport, repository: string, pageSize?: number): Promise<string[]> {
  const tags: string[] = [];
  const seen = new Set<string>();
  const visited = new Set<string>();
  let url: URL | undefined = tagsUrl(t.origin, repository, pageSize);
  while (url !== undefined) {
    if (visited.has(url.href) || visited.size >= TAGS_MAX_PAGES) {
      throw new RegistryProtocolError("GET", redactUrl(url), "tag pagination does not end");
    }
    visited.add(url.href);
    const res = await send(t, { method: "GET", url });
    if (res.status === 404 && visited.size === 1) {
      await discardBody(res);
      return [];
    }
    await expectStatus(res, 200);
    const raw = await readBody(res, DEFAULT_LIMITS.maxManifestBytes, "maxManifestBytes", `tag list of ${repository}`);
    const page = parseTagsPage(raw, res);
    const fresh = page.filter((tag) => !seen.has(tag));
    for (const tag of fresh) {
      seen.add(tag);
      tags.push(tag);
    }
    url = fresh.length === 0 ? undefined : findNextPage(t, res, page, pageSize);
  }
  return tags.sort();
}
