import { DEFAULT_LIMITS } from "../../grader/oci/limits.js";
import { discardBody, expectStatus, readBody } from "../../grader/registry/body.js";
import { send, type Transport } from "../../grader/registry/http.js";
import { parseNextLink } from "../../grader/registry/link.js";
import { resolveOnOrigin } from "../../grader/registry/urls.js";

// GET /v2/_catalog through the grader's read-only transport, following `Link`. The catalog is optional in
// the distribution spec: a registry that answers 401, 403, 404 or 405 has none here (undefined).

const MAX_PAGES = 100;
const UNSUPPORTED = new Set([401, 403, 404, 405]);

function parsePage(raw: Uint8Array): string[] {
  const parsed = JSON.parse(new TextDecoder().decode(raw)) as { repositories?: unknown };
  const names = parsed?.repositories ?? [];
  if (!Array.isArray(names) || !names.every((n) => typeof n === "string")) {
    throw new Error("catalog: `repositories` is not a list of strings");
  }
  return names;
}

// Every repository the registry lists, sorted; undefined when it offers no catalog.
export async function listCatalog(transport: Transport): Promise<string[] | undefined> {
  const names = new Set<string>();
  let url: URL | undefined = new URL("/v2/_catalog", transport.origin);
  for (let page = 0; url !== undefined && page < MAX_PAGES; page++) {
    const res = await send(transport, { method: "GET", url });
    if (page === 0 && UNSUPPORTED.has(res.status)) {
      await discardBody(res);
      return undefined;
    }
    await expectStatus(res, 200);
    const raw = await readBody(res, DEFAULT_LIMITS.maxManifestBytes, "maxManifestBytes", "repository catalog");
    for (const name of parsePage(raw)) names.add(name);
    const link = parseNextLink(res.headers.get("link"));
    url = link === undefined ? undefined : resolveOnOrigin(transport.origin, res.url, link, "link");
  }
  return [...names].sort();
}
