import { PlatformFormatError, parsePlatform } from "../oci/platform.js";
import { isValidRepositoryName } from "../oci/reference.js";
import type { Platform } from "../oci/types.js";
import { refField } from "./fields.js";
import type { FieldProblem } from "./kind.js";
import type { LabRef } from "./lab-ref.js";

// Field readers shared by the object check kinds. Each records a problem and returns undefined when the field
// is present and wrong; an absent optional field is undefined without a problem.

type Fields = Readonly<Record<string, unknown>>;

// An optional lab reference (`src/app:v1`).
export function optionalRefField(fields: Fields, name: string, problems: FieldProblem[]): LabRef | undefined {
  return fields[name] === undefined ? undefined : refField(fields, name, problems);
}

// A required repository name inside the lab's namespace (`search-indexer`, `mirror/app`).
export function repositoryField(fields: Fields, name: string, problems: FieldProblem[]): string | undefined {
  const value = fields[name];
  if (typeof value === "string" && isValidRepositoryName(value)) return value;
  problems.push({ path: [name], message: `\`${name}\` must be a repository name such as \`mirror/app\`` });
  return undefined;
}

// A platform `os/arch[/variant]`; `unknown/unknown` is refused, since it marks attestations, never an image.
export function parsePlatformText(value: unknown, path: (string | number)[], problems: FieldProblem[]) {
  if (typeof value !== "string") {
    problems.push({ path, message: "a platform is written os/architecture[/variant], for example linux/arm64/v8" });
    return undefined;
  }
  try {
    const platform = parsePlatform(value);
    if (platform.os !== "unknown" || platform.architecture !== "unknown") return platform;
    problems.push({ path, message: "unknown/unknown marks attestation entries, not a platform an image runs on" });
  } catch (error) {
    if (!(error instanceof PlatformFormatError)) throw error;
    problems.push({ path, message: error.message });
  }
  return undefined;
}

// An optional platform field.
export function optionalPlatformField(fields: Fields, name: string, problems: FieldProblem[]): Platform | undefined {
  return fields[name] === undefined ? undefined : parsePlatformText(fields[name], [name], problems);
}

// An optional integer in [min, max].
export function optionalIntegerField(
  fields: Fields,
  name: string,
  problems: FieldProblem[],
  min = 0,
  max = 1_000_000,
): number | undefined {
  const value = fields[name];
  if (value === undefined) return undefined;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= min && value <= max) return value;
  problems.push({ path: [name], message: `\`${name}\` must be a whole number from ${min} to ${max}` });
  return undefined;
}

// An optional boolean, with a default.
export function booleanField(fields: Fields, name: string, problems: FieldProblem[], fallback: boolean): boolean {
  const value = fields[name];
  if (value === undefined) return fallback;
  if (typeof value === "boolean") return value;
  problems.push({ path: [name], message: `\`${name}\` must be true or false` });
  return fallback;
}

// An optional value out of a fixed list, with a default.
export function enumField<T extends string>(
  fields: Fields,
  name: string,
  allowed: readonly T[],
  problems: FieldProblem[],
  fallback?: T,
): T | undefined {
  const value = fields[name];
  if (value === undefined) return fallback;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  problems.push({ path: [name], message: `\`${name}\` must be one of ${allowed.join(", ")}` });
  return undefined;
}

// An optional non-empty string.
export function optionalStringField(fields: Fields, name: string, problems: FieldProblem[]): string | undefined {
  const value = fields[name];
  if (value === undefined) return undefined;
  if (typeof value === "string" && value !== "") return value;
  problems.push({ path: [name], message: `\`${name}\` must be a non-empty string` });
  return undefined;
}

// An optional list of non-empty strings.
export function optionalStringListField(
  fields: Fields,
  name: string,
  problems: FieldProblem[],
): readonly string[] | undefined {
  const value = fields[name];
  if (value === undefined) return undefined;
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string" && v !== "")) return value;
  problems.push({ path: [name], message: `\`${name}\` must be a non-empty list of strings` });
  return undefined;
}

// An optional map of strings to strings (annotations).
export function optionalStringMapField(
  fields: Fields,
  name: string,
  problems: FieldProblem[],
): Readonly<Record<string, string>> | undefined {
  const value = fields[name];
  if (value === undefined) return undefined;
  const ok =
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length > 0 &&
    Object.values(value).every((v) => typeof v === "string");
  if (ok) return value as Readonly<Record<string, string>>;
  problems.push({ path: [name], message: `\`${name}\` must map names to string values` });
  return undefined;
}

const MAX_PATTERN_LENGTH = 500;

// A regular expression given as a string (an author's, so trusted; length-bounded), compiled.
export function compilePattern(value: unknown, path: (string | number)[], problems: FieldProblem[]) {
  if (typeof value !== "string" || value === "" || value.length > MAX_PATTERN_LENGTH) {
    problems.push({ path, message: `a pattern is a regular expression of 1 to ${MAX_PATTERN_LENGTH} characters` });
    return undefined;
  }
  try {
    return new RegExp(value, "u");
  } catch (error) {
    problems.push({ path, message: `not a regular expression: ${(error as Error).message}` });
    return undefined;
  }
}

// The one named field that is present; a problem when none or several are.
export function exactlyOneOf(fields: Fields, names: readonly string[], problems: FieldProblem[]) {
  const present = names.filter((n) => fields[n] !== undefined);
  if (present.length === 1) return present[0];
  const list = names.map((n) => `\`${n}\``).join(", ");
  problems.push({
    path: present.length > 1 ? [present[1] as string] : [],
    message: present.length > 1 ? `give only one of ${list}` : `give one of ${list}`,
  });
  return undefined;
}
