import { RegistryError } from "./errors.js";

// Pagination shared by the tag list, the catalog and the referrers list: byte-ordered entries, `n` and `last`,
// and a `Link: <…>; rel="next"` header when more remain (distribution-spec "Listing Tags").

/** One page of a sorted list and the `last` value for the next page, if any. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly next?: string;
}

// Compares two strings by code unit, which is byte order for the ASCII names and tags the grammar allows.
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

// The `n` query parameter: undefined when absent, else a non-negative integer (PAGINATION_NUMBER_INVALID otherwise).
export function parsePageSize(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (!/^[0-9]{1,9}$/.test(value)) {
    throw new RegistryError("PAGINATION_NUMBER_INVALID", `invalid page size n=${JSON.stringify(value.slice(0, 50))}`, {
      detail: { expected: "a non-negative integer" },
    });
  }
  return Number(value);
}

// Entries strictly after `last` (by `keyOf`), at most `n` (capped at `max`), from a list sorted by key.
export function paginate<T>(
  sorted: readonly T[],
  keyOf: (item: T) => string,
  options: { readonly n: number | undefined; readonly last: string | null; readonly max: number },
): Page<T> {
  const limit = Math.min(options.n ?? options.max, options.max);
  const { last } = options;
  const from = last === null ? 0 : firstAfter(sorted, keyOf, last);
  const items = sorted.slice(from, from + limit);
  const lastItem = items.at(-1);
  if (limit === 0 || lastItem === undefined || from + limit >= sorted.length) return { items };
  return { items, next: keyOf(lastItem) };
}

function firstAfter<T>(sorted: readonly T[], keyOf: (item: T) => string, last: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareBytes(keyOf(sorted[mid] as T), last) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

// The Link header pointing at the next page of `path` (relative, as distribution sends it), with extra query pairs.
export function formatNextLink(path: string, n: number, last: string, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({ ...extra, n: String(n), last });
  return `<${path}?${query.toString()}>; rel="next"`;
}
