import type { JsonValue } from "../oci/strict-json.js";

// A small, safe path language over parsed JSON (no eval, bounded): `layers.length`, `config.Labels["x"]`,
// `manifests[0].digest`, `manifests[*].platform.os`, `manifests[?platform.architecture=="arm64"].digest`.
// A path with `[*]` or `[?…]` yields a list of values; any other path yields one value or nothing.

/** One step of a path. */
export type QueryStep =
  | { readonly kind: "key"; readonly key: string; readonly dotted: boolean }
  | { readonly kind: "index"; readonly index: number }
  | { readonly kind: "all" }
  | {
      readonly kind: "filter";
      readonly path: readonly string[];
      readonly op: "==" | "!=" | "exists";
      readonly value?: JsonValue;
    };

/** A parsed path. */
export interface JsonQuery {
  readonly text: string;
  readonly steps: readonly QueryStep[];
  /** True when the path can yield several values (it has `[*]` or a filter). */
  readonly multi: boolean;
}

const MAX_PATH = 256;
const MAX_STEPS = 32;
const MAX_RESULTS = 10_000;
const NAME = /[A-Za-z_$][\w$-]*/y;
const INDEX = /-?\d{1,9}/y;
const LITERAL = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|true|false|null/y;

// Parses a path; returns an error message (what is wrong, and where) instead of throwing.
export function parseJsonQuery(text: string): JsonQuery | string {
  if (text.length === 0 || text.length > MAX_PATH) return `a path has 1 to ${MAX_PATH} characters`;
  const steps: QueryStep[] = [];
  let pos = text.startsWith("$") ? 1 : 0;
  while (pos < text.length) {
    if (steps.length >= MAX_STEPS) return `a path has at most ${MAX_STEPS} steps`;
    const dotted = text[pos] === ".";
    if (dotted || (pos === 0 && text[pos] !== "[")) {
      const name = match(NAME, text, dotted ? pos + 1 : pos);
      if (!name) return `expected a name at character ${pos + 1} of ${JSON.stringify(text)}`;
      steps.push({ kind: "key", key: name, dotted: true });
      pos += (dotted ? 1 : 0) + name.length;
      continue;
    }
    if (text[pos] !== "[") return `unexpected ${JSON.stringify(text[pos])} at character ${pos + 1}`;
    const step = parseBracket(text, pos);
    if (typeof step === "string") return step;
    steps.push(step.step);
    pos = step.end;
  }
  return { text, steps, multi: steps.some((s) => s.kind === "all" || s.kind === "filter") };
}

function match(re: RegExp, text: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(text)?.[0];
}

function parseBracket(text: string, pos: number): { step: QueryStep; end: number } | string {
  const inner = pos + 1;
  if (text.startsWith("*]", inner)) return { step: { kind: "all" }, end: inner + 2 };
  if (text[inner] === "?") return parseFilter(text, inner + 1);
  const quoted = match(LITERAL, text, inner);
  if (quoted?.startsWith('"') && text[inner + quoted.length] === "]") {
    return { step: { kind: "key", key: JSON.parse(quoted) as string, dotted: false }, end: inner + quoted.length + 1 };
  }
  const index = match(INDEX, text, inner);
  if (index && text[inner + index.length] === "]")
    return { step: { kind: "index", index: Number(index) }, end: inner + index.length + 1 };
  return `expected [number], ["key"], [*] or [?filter] at character ${pos + 1}`;
}

function parseFilter(text: string, at: number): { step: QueryStep; end: number } | string {
  const path: string[] = [];
  let pos = at;
  for (;;) {
    const name = match(NAME, text, pos);
    const quoted = name ? undefined : text[pos] === "[" ? match(LITERAL, text, pos + 1) : undefined;
    if (name) pos += name.length;
    else if (quoted?.startsWith('"') && text[pos + 1 + quoted.length] === "]") pos += quoted.length + 2;
    else return `expected a field name in the filter at character ${pos + 1}`;
    path.push(name ?? (JSON.parse(quoted as string) as string));
    if (text[pos] === "." && text[pos + 1] !== "[") pos += 1;
    else if (text[pos] !== "[") break;
  }
  if (text[pos] === "]") return { step: { kind: "filter", path, op: "exists" }, end: pos + 1 };
  const op = text.slice(pos, pos + 2);
  if (op !== "==" && op !== "!=") return `expected ==, != or ] in the filter at character ${pos + 1}`;
  const literal = match(LITERAL, text, pos + 2);
  if (!literal || text[pos + 2 + literal.length] !== "]")
    return `expected a JSON value and ] after ${op} at character ${pos + 3}`;
  return { step: { kind: "filter", path, op, value: JSON.parse(literal) as JsonValue }, end: pos + 3 + literal.length };
}

// The values a query selects, in document order (at most 10 000).
export function evaluateJsonQuery(query: JsonQuery, document: JsonValue): JsonValue[] {
  let values: JsonValue[] = [document];
  for (const step of query.steps) {
    values = values.flatMap((v) => applyStep(step, v));
    if (values.length > MAX_RESULTS)
      throw new RangeError(`the path ${query.text} selects more than ${MAX_RESULTS} values`);
  }
  return values;
}

function applyStep(step: QueryStep, value: JsonValue): JsonValue[] {
  if (step.kind === "key") return keyOf(value, step.key, step.dotted);
  if (step.kind === "index") {
    if (!Array.isArray(value)) return [];
    const item = value[step.index < 0 ? value.length + step.index : step.index];
    return item === undefined ? [] : [item];
  }
  const items = childrenOf(value);
  return step.kind === "all" ? items : items.filter((item) => holds(step, item));
}

function keyOf(value: JsonValue, key: string, dotted: boolean): JsonValue[] {
  if (isObject(value)) return Object.hasOwn(value, key) ? [value[key] as JsonValue] : [];
  if (dotted && key === "length" && (Array.isArray(value) || typeof value === "string")) return [value.length];
  return [];
}

function childrenOf(value: JsonValue): JsonValue[] {
  if (Array.isArray(value)) return [...value];
  return isObject(value) ? Object.values(value) : [];
}

function holds(step: Extract<QueryStep, { kind: "filter" }>, item: JsonValue): boolean {
  let current: JsonValue[] = [item];
  for (const key of step.path) current = current.flatMap((v) => keyOf(v, key, true));
  const found = current[0];
  if (step.op === "exists") return found !== undefined;
  const equal = found !== undefined && jsonEqual(found, step.value ?? null);
  return step.op === "==" ? equal : !equal;
}

function isObject(value: JsonValue): value is { readonly [key: string]: JsonValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Deep equality of JSON values (object key order ignored).
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every(
      (k) => Object.hasOwn(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}
