import { RegistryError } from "../http/errors.js";

// Field type checks in the way distribution's Go structs decode JSON: a known field with the wrong JSON type is
// an error, null means "absent", unknown fields are ignored. Values are NOT checked against each other or
// against the blobs (lying sizes, media types and platforms are accepted, as distribution accepts them).

/** A JSON object as parsed. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** A descriptor's fields that storage and verification use. */
export interface DescriptorFields {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly urls: readonly string[];
  readonly annotations?: Readonly<Record<string, string>>;
}

function invalid(path: string, expected: string): RegistryError {
  return new RegistryError("MANIFEST_INVALID", `manifest field ${path} must be ${expected}`, {
    detail: { field: path, expected },
  });
}

// A JSON object, or MANIFEST_INVALID.
export function expectObject(value: unknown, path: string): JsonObject {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as JsonObject;
  throw invalid(path, "an object");
}

// An optional string ("" when absent or null).
export function optionalString(value: unknown, path: string): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  throw invalid(path, "a string");
}

// An optional integer (0 when absent or null).
export function optionalInteger(value: unknown, path: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === "number" && Number.isInteger(value)) return value;
  throw invalid(path, "an integer");
}

// An optional array of objects ([] when absent or null).
export function optionalObjects(value: unknown, path: string): JsonObject[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(path, "an array");
  return value.map((item, i) => expectObject(item, `${path}[${i}]`));
}

// An optional array of strings.
export function optionalStrings(value: unknown, path: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string"))
    throw invalid(path, "an array of strings");
  return value as string[];
}

// An optional map of strings to strings.
export function optionalStringMap(value: unknown, path: string): Readonly<Record<string, string>> | undefined {
  if (value === undefined || value === null) return undefined;
  const object = expectObject(value, path);
  if (Object.values(object).some((item) => typeof item !== "string")) throw invalid(path, "an object of strings");
  return object as Record<string, string>;
}

// A descriptor (null or absent gives an empty one, as Go's zero value).
export function decodeDescriptor(value: unknown, path: string): DescriptorFields {
  const object = value === undefined || value === null ? {} : expectObject(value, path);
  if (object.platform !== undefined && object.platform !== null) decodePlatform(object.platform, `${path}.platform`);
  const annotations = optionalStringMap(object.annotations, `${path}.annotations`);
  return {
    mediaType: optionalString(object.mediaType, `${path}.mediaType`),
    digest: optionalString(object.digest, `${path}.digest`),
    size: optionalInteger(object.size, `${path}.size`),
    urls: optionalStrings(object.urls, `${path}.urls`),
    ...(annotations ? { annotations } : {}),
  };
}

function decodePlatform(value: unknown, path: string): void {
  const platform = expectObject(value, path);
  for (const field of ["architecture", "os", "os.version", "variant"]) {
    optionalString(platform[field], `${path}.${field}`);
  }
  for (const field of ["os.features", "features"]) optionalStrings(platform[field], `${path}.${field}`);
}
