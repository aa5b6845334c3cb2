/** A path inside the lab file and a message: collected, then located in the YAML. */
export interface RawProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

type Path = readonly (string | number)[];

/** Collects problems while reading untyped YAML values into typed ones. */
export class FieldReader {
  readonly problems: RawProblem[] = [];

  // Records a problem at a path.
  problem(path: Path, message: string): void {
    this.problems.push({ path, message });
  }

  // A mapping, or undefined with a problem.
  object(value: unknown, path: Path, what = "a mapping"): Record<string, unknown> | undefined {
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    this.problem(
      path,
      value === undefined ? `missing: expected ${what}` : `expected ${what}, found ${typeName(value)}`,
    );
    return undefined;
  }

  // A string (non-empty unless allowed).
  string(obj: Record<string, unknown>, key: string, path: Path, optional = false): string | undefined {
    const value = obj[key];
    if (value === undefined && optional) return undefined;
    if (typeof value === "string" && value.length > 0) return value;
    this.problem(
      [...path, key],
      value === undefined ? `\`${key}\` is required` : `\`${key}\` must be a non-empty string`,
    );
    return undefined;
  }

  // A number within bounds.
  integer(obj: Record<string, unknown>, key: string, path: Path, min: number, max: number, fallback?: number): number {
    const value = obj[key];
    if (value === undefined && fallback !== undefined) return fallback;
    if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return value;
    this.problem([...path, key], `\`${key}\` must be a whole number from ${min} to ${max}`);
    return fallback ?? min;
  }

  // A list of strings (empty when absent and optional).
  strings(obj: Record<string, unknown>, key: string, path: Path, optional = true): string[] {
    const value = obj[key];
    if (value === undefined && optional) return [];
    if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
    this.problem([...path, key], `\`${key}\` must be a list of strings`);
    return [];
  }

  // A list (of anything; items are read by the caller).
  list(obj: Record<string, unknown>, key: string, path: Path, optional = false): unknown[] {
    const value = obj[key];
    if (value === undefined && optional) return [];
    if (Array.isArray(value)) return value;
    this.problem([...path, key], value === undefined ? `\`${key}\` is required` : `\`${key}\` must be a list`);
    return [];
  }

  // A string map (annotations, labels).
  stringMap(obj: Record<string, unknown>, key: string, path: Path): Record<string, string> | undefined {
    const value = obj[key];
    if (value === undefined) return undefined;
    const map = this.object(value, [...path, key], "a mapping of strings");
    if (!map) return undefined;
    for (const [k, v] of Object.entries(map)) {
      if (typeof v !== "string") this.problem([...path, key, k], `\`${k}\` must be a string`);
    }
    return map as Record<string, string>;
  }

  // Reports keys not in `known`, with a suggestion when one is close.
  onlyKeys(obj: Record<string, unknown>, known: readonly string[], path: Path): void {
    for (const key of Object.keys(obj)) {
      if (known.includes(key)) continue;
      const near = known.find((k) => editDistance(k, key) <= 2);
      this.problem([...path, key], `unknown key \`${key}\`${near ? ` (did you mean \`${near}\`?)` : ""}`);
    }
  }
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "a mapping" : `a ${typeof value}`;
}

// Levenshtein distance, for "did you mean".
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}
