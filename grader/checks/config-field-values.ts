import type { ImageConfig } from "../oci/types.js";

// The fields of an image configuration a config-field check can read (image-spec config.md "Properties"), and
// the comparisons it can make. `Env.NAME` reads one variable, `Labels.KEY` one label (the key may contain dots),
// `command` is what a runtime executes (Entrypoint followed by Cmd), `history` the created_by of each entry.

/** A field name as written in a check, split into the field and an optional key. */
export interface ConfigFieldName {
  readonly text: string;
  readonly field: string;
  readonly key?: string;
}

const RUNTIME = ["Env", "Cmd", "Entrypoint", "User", "WorkingDir", "ExposedPorts", "Volumes", "StopSignal", "Labels"];
const TOP = [
  "os",
  "architecture",
  "variant",
  "os.version",
  "created",
  "author",
  "history",
  "rootfs.diff_ids",
  "rootfs.type",
];
/** Every field name a check may use (Env.NAME and Labels.KEY besides). */
export const CONFIG_FIELDS: readonly string[] = [...RUNTIME, "command", ...TOP];

// Parses `Labels.org.opencontainers.image.title`, `Env.GREETING`, `Cmd`, …; undefined for an unknown field.
export function parseConfigField(text: string): ConfigFieldName | undefined {
  if (CONFIG_FIELDS.includes(text)) return { text, field: text };
  const dot = text.indexOf(".");
  const field = text.slice(0, dot);
  const key = text.slice(dot + 1);
  if (dot > 0 && key !== "" && (field === "Env" || field === "Labels")) return { text, field, key };
  return undefined;
}

// The value of a field in a config; undefined when absent.
export function configValue(config: ImageConfig, name: ConfigFieldName): unknown {
  const runtime = config.config ?? {};
  if (name.field === "command") {
    const parts = [...asStrings(runtime.Entrypoint), ...asStrings(runtime.Cmd)];
    return parts.length > 0 ? parts : undefined;
  }
  if (name.field === "Env" && name.key !== undefined) return envValue(asStrings(runtime.Env), name.key);
  if (name.field === "Labels" && name.key !== undefined)
    return (runtime.Labels as Record<string, string> | undefined)?.[name.key];
  if (RUNTIME.includes(name.field)) return runtime[name.field] ?? undefined;
  if (name.field === "history") return config.history?.map((h) => h.created_by ?? "");
  if (name.field === "rootfs.diff_ids") return config.rootfs?.diff_ids;
  if (name.field === "rootfs.type") return config.rootfs?.type;
  return (config as Readonly<Record<string, unknown>>)[name.field];
}

// The value of `NAME` in a `K=V` list (the last assignment wins, as in a runtime's environment).
export function envValue(env: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (const item of env) if (item.startsWith(`${name}=`)) value = item.slice(name.length + 1);
  return value;
}

// Strings of a string-array value (anything else gives []).
export function asStrings(value: unknown): readonly string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** What a config-field check asserts. */
export type ConfigAssertion =
  | { readonly op: "equals"; readonly value: unknown }
  | { readonly op: "contains"; readonly value: unknown }
  | { readonly op: "matches"; readonly value: RegExp }
  | { readonly op: "absent" }
  | { readonly op: "present" }
  | { readonly op: "length"; readonly value: number }
  | { readonly op: "matchesLayers" };

// True when `actual` satisfies the assertion (matchesLayers is decided by the caller).
export function holds(assertion: ConfigAssertion, actual: unknown): boolean {
  switch (assertion.op) {
    case "equals":
      return deepEqual(actual, assertion.value);
    case "contains":
      return contains(actual, assertion.value);
    case "matches":
      if (typeof actual === "string") return assertion.value.test(actual);
      return asStrings(actual).some((s) => assertion.value.test(s));
    case "absent":
      return actual === undefined || actual === null;
    case "present":
      return actual !== undefined && actual !== null;
    case "length":
      return sizeOf(actual) === assertion.value;
    case "matchesLayers":
      return true;
  }
}

function contains(actual: unknown, wanted: unknown): boolean {
  if (Array.isArray(actual)) return actual.some((item) => deepEqual(item, wanted));
  if (typeof actual === "string") return typeof wanted === "string" && actual.includes(wanted);
  if (typeof actual !== "object" || actual === null) return false;
  const map = actual as Readonly<Record<string, unknown>>;
  if (typeof wanted === "string") return Object.hasOwn(map, wanted);
  if (typeof wanted !== "object" || wanted === null || Array.isArray(wanted)) return false;
  return Object.entries(wanted).every(([k, v]) => Object.hasOwn(map, k) && deepEqual(map[k], v));
}

// The number of items, keys or characters; undefined for other values.
export function sizeOf(value: unknown): number | undefined {
  if (Array.isArray(value) || typeof value === "string") return value.length;
  if (typeof value === "object" && value !== null) return Object.keys(value).length;
  return undefined;
}

// Structural equality of JSON values (object key order ignored).
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const rb = b as Readonly<Record<string, unknown>>;
  return (
    ka.length === kb.length &&
    ka.every((k) => Object.hasOwn(rb, k) && deepEqual((a as Record<string, unknown>)[k], rb[k]))
  );
}

// A value for a message: JSON, cut at 200 characters.
export function showValue(value: unknown): string {
  if (value === undefined) return "absent";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
