// Token scopes (distribution "Token Scope Documentation"): `repository:<name>:<action>[,<action>…]`. A request's
// scope comes from its URL and method; a challenge may name more (a mount's source, `delete`), and both are asked.

/** One resource and the actions wanted on it, e.g. repository `labs/hello` with `pull` and `push`. */
export interface Scope {
  readonly type: string;
  readonly name: string;
  readonly actions: readonly string[];
}

const READ_METHODS = new Set(["GET", "HEAD"]);
const REPOSITORY_PATH =
  /^\/v2\/(.+)\/(?:manifests\/[^/]+|blobs\/uploads\/[^/]*|blobs\/[^/]+|tags\/list|referrers\/[^/]+)$/;

// Parses a challenge's `scope` value: scopes separated by spaces; malformed entries are dropped.
export function parseScopes(text: string | undefined): Scope[] {
  const scopes: Scope[] = [];
  for (const entry of (text ?? "").split(" ")) {
    const first = entry.indexOf(":");
    const last = entry.lastIndexOf(":");
    if (first <= 0 || last <= first + 1 || last === entry.length - 1) continue;
    const actions = entry
      .slice(last + 1)
      .split(",")
      .filter(Boolean);
    scopes.push({ type: entry.slice(0, first), name: entry.slice(first + 1, last), actions });
  }
  return scopes;
}

// The scopes a request needs: pull to read a repository, pull and push to change it (or always with `push`);
// a cross-repository mount also reads its source. `/v2/` and other paths need none.
export function scopesForRequest(url: URL, method: string, push = false): Scope[] {
  const match = REPOSITORY_PATH.exec(url.pathname);
  if (!match?.[1]) return [];
  const actions = push || !READ_METHODS.has(method.toUpperCase()) ? ["pull", "push"] : ["pull"];
  const scopes: Scope[] = [{ type: "repository", name: match[1], actions }];
  const from = url.searchParams.get("from");
  if (url.searchParams.has("mount") && from) scopes.push({ type: "repository", name: from, actions: ["pull"] });
  return mergeScopes(scopes);
}

// Joins scopes on the same resource and sorts resources and actions, so equal sets compare equal.
export function mergeScopes(...lists: (readonly Scope[])[]): Scope[] {
  const byResource = new Map<string, { type: string; name: string; actions: Set<string> }>();
  for (const scope of lists.flat()) {
    const key = `${scope.type}:${scope.name}`;
    const entry = byResource.get(key) ?? { type: scope.type, name: scope.name, actions: new Set<string>() };
    for (const action of scope.actions) entry.actions.add(action);
    byResource.set(key, entry);
  }
  return [...byResource.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, e]) => ({ type: e.type, name: e.name, actions: [...e.actions].sort() }));
}

// `repository:labs/hello:pull,push`, the form token requests and challenges use.
export function formatScope(scope: Scope): string {
  return `${scope.type}:${scope.name}:${scope.actions.join(",")}`;
}

// A stable cache key for a scope set (the empty set, e.g. for `/v2/`, is "").
export function scopeKey(scopes: readonly Scope[]): string {
  return mergeScopes(scopes).map(formatScope).join(" ");
}

// True when `granted` includes every action of every scope in `needed`.
export function coversScopes(granted: readonly Scope[], needed: readonly Scope[]): boolean {
  return needed.every((need) => {
    const have = granted.find((g) => g.type === need.type && g.name === need.name);
    return have !== undefined && need.actions.every((a) => have.actions.includes(a));
  });
}
