// `Link` header parsing (RFC 8288), used by tag and referrer pagination (distribution-spec "Listing Tags").

const LINK = /<([^>]*)>((?:\s*;\s*[^;,]+)*)/g;
const PARAM = /;\s*([^\s=;,]+)\s*=\s*("([^"]*)"|[^\s;,]+)/g;

function readRelations(params: string): string[] {
  for (const match of params.matchAll(PARAM)) {
    if (match[1]?.toLowerCase() !== "rel") continue;
    const value = match[3] ?? match[2] ?? "";
    return value.toLowerCase().split(/\s+/);
  }
  return [];
}

// The target of the `rel="next"` link, as written (possibly relative); undefined when there is none.
export function parseNextLink(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  for (const match of header.matchAll(LINK)) {
    if (readRelations(match[2] ?? "").includes("next")) return match[1];
  }
  return undefined;
}
