import { type Digest, DigestFormatError, parseDigest } from "./digest.js";
import { OciFormatError } from "./format-error.js";
import { joinPath } from "./json-path.js";

// Field readers for the decoders: each takes a parsed JSON object, a key and the object's path, and either
// returns a typed value or throws OciFormatError("INVALID_FIELD") naming the field and why. `null` counts as
// absent for optional fields, as Go's encoding/json (and so every registry) treats it.

export type JsonObject = Readonly<Record<string, unknown>>;

// An INVALID_FIELD error at a path.
export function fieldError(path: string, reason: string): OciFormatError {
  return new OciFormatError("INVALID_FIELD", reason, path);
}

// A JSON object, or an error naming what was expected instead.
export function expectObject(value: unknown, path: string, what = "an object"): JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw fieldError(path, `must be ${what}, got ${describeJsonType(value)}`);
  }
  return value as JsonObject;
}

// "a string", "an array", "null": the JSON type of a value, for messages.
export function describeJsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

// The value of a key, or undefined when absent or null.
export function optionalField(obj: JsonObject, key: string): unknown {
  return Object.hasOwn(obj, key) ? (obj[key] ?? undefined) : undefined;
}

function requiredField(obj: JsonObject, key: string, path: string): unknown {
  const value = optionalField(obj, key);
  if (value === undefined) throw fieldError(joinPath(path, key), "is required");
  return value;
}

function asString(value: unknown, path: string): string {
  if (typeof value !== "string") throw fieldError(path, `must be a string, got ${describeJsonType(value)}`);
  return value;
}

// A required string field.
export function readString(obj: JsonObject, key: string, path: string): string {
  return asString(requiredField(obj, key, path), joinPath(path, key));
}

// An optional string field.
export function readOptionalString(obj: JsonObject, key: string, path: string): string | undefined {
  const value = optionalField(obj, key);
  return value === undefined ? undefined : asString(value, joinPath(path, key));
}

// A required array field (items unchecked).
export function readArray(obj: JsonObject, key: string, path: string): readonly unknown[] {
  const value = requiredField(obj, key, path);
  if (!Array.isArray(value)) throw fieldError(joinPath(path, key), `must be an array, got ${describeJsonType(value)}`);
  return value;
}

// An optional array of strings.
export function readOptionalStringArray(obj: JsonObject, key: string, path: string): readonly string[] | undefined {
  if (optionalField(obj, key) === undefined) return undefined;
  const at = joinPath(path, key);
  return readArray(obj, key, path).map((item, i) => asString(item, joinPath(at, i)));
}

// An optional object whose values are all strings (annotations, labels).
export function readOptionalStringMap(
  obj: JsonObject,
  key: string,
  path: string,
): Readonly<Record<string, string>> | undefined {
  const value = optionalField(obj, key);
  if (value === undefined) return undefined;
  const at = joinPath(path, key);
  const map = expectObject(value, at);
  for (const [k, v] of Object.entries(map)) asString(v, joinPath(at, k));
  return map as Readonly<Record<string, string>>;
}

// A size in bytes: a non-negative safe integer.
export function readSize(obj: JsonObject, key: string, path: string): number {
  const value = requiredField(obj, key, path);
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    const shown = typeof value === "number" ? String(value) : describeJsonType(value);
    throw fieldError(joinPath(path, key), `must be a non-negative integer number of bytes, got ${shown}`);
  }
  return value;
}

// A digest string, validated by parseDigest.
export function asDigest(value: unknown, path: string): Digest {
  try {
    return parseDigest(asString(value, path));
  } catch (error) {
    if (error instanceof DigestFormatError)
      throw fieldError(path, `${error.reason} (got ${JSON.stringify(error.input)})`);
    throw error;
  }
}

// A required digest field.
export function readDigest(obj: JsonObject, key: string, path: string): Digest {
  return asDigest(requiredField(obj, key, path), joinPath(path, key));
}

// Copies an object without its undefined properties, so decoded values only carry fields that were present.
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
