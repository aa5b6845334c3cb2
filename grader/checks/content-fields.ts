import { PlatformFormatError, parsePlatform } from "../oci/platform.js";
import { normalizeTarPath } from "../oci/tar.js";
import type { Platform } from "../oci/types.js";
import type { FieldProblem } from "./kind.js";

// Field readers for the content check kinds (layer-file, config-field, answer, workspace-file, shell). Like
// fields.ts: each records a problem at the field's path and returns undefined when the value is wrong.

type Fields = Readonly<Record<string, unknown>>;

// A string field; `required` records a problem when it is absent.
export function stringField(
  fields: Fields,
  name: string,
  problems: FieldProblem[],
  required = false,
): string | undefined {
  const value = fields[name];
  if (value === undefined && !required) return undefined;
  if (typeof value === "string" && value !== "") return value;
  problems.push({ path: [name], message: `\`${name}\` must be a non-empty string` });
  return undefined;
}

// An optional boolean field.
export function booleanField(fields: Fields, name: string, problems: FieldProblem[]): boolean | undefined {
  const value = fields[name];
  if (value === undefined || typeof value === "boolean") return value;
  problems.push({ path: [name], message: `\`${name}\` must be true or false` });
  return undefined;
}

// An optional integer field within [min, max].
export function integerField(fields: Fields, name: string, problems: FieldProblem[], min: number, max: number) {
  const value = fields[name];
  if (value === undefined) return undefined;
  if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return value;
  problems.push({ path: [name], message: `\`${name}\` must be an integer from ${min} to ${max}` });
  return undefined;
}

// An optional field whose value is one of `values`.
export function choiceField<T extends string>(
  fields: Fields,
  name: string,
  values: readonly T[],
  problems: FieldProblem[],
): T | undefined {
  const value = fields[name];
  if (value === undefined) return undefined;
  if (typeof value === "string" && (values as readonly string[]).includes(value)) return value as T;
  problems.push({ path: [name], message: `\`${name}\` is one of ${values.join(", ")}` });
  return undefined;
}

// An optional platform `os/arch[/variant]`.
export function platformField(fields: Fields, name: string, problems: FieldProblem[]): Platform | undefined {
  const value = fields[name];
  if (value === undefined) return undefined;
  try {
    if (typeof value === "string") return parsePlatform(value);
  } catch (error) {
    if (!(error instanceof PlatformFormatError)) throw error;
  }
  problems.push({ path: [name], message: `\`${name}\` must be a platform such as linux/arm64/v8` });
  return undefined;
}

// An optional regular expression (JavaScript syntax), compiled once at validation.
export function regexField(fields: Fields, name: string, problems: FieldProblem[]): RegExp | undefined {
  const value = fields[name];
  if (value === undefined) return undefined;
  try {
    if (typeof value === "string") return new RegExp(value, "m");
  } catch {
    // reported below
  }
  problems.push({ path: [name], message: `\`${name}\` must be a valid regular expression` });
  return undefined;
}

// Permission bits as a quoted octal string ("0644"): YAML 1.2 reads an unquoted 0644 as the decimal 644.
export function modeField(fields: Fields, name: string, problems: FieldProblem[]): number | undefined {
  const value = fields[name];
  if (value === undefined) return undefined;
  if (typeof value === "string" && /^(?:0o?)?[0-7]{3,4}$/.test(value))
    return Number.parseInt(value.replace(/^0o/, ""), 8);
  problems.push({ path: [name], message: `\`${name}\` must be a quoted octal mode such as "0644"` });
  return undefined;
}

// A path inside an image: a leading `/` or `./` is allowed, `..` is not.
export function imagePathField(fields: Fields, name: string, problems: FieldProblem[]): string | undefined {
  const value = stringField(fields, name, problems, true);
  if (value === undefined) return undefined;
  try {
    const path = normalizeTarPath(value);
    if (path !== ".") return path;
  } catch {
    // reported below
  }
  problems.push({ path: [name], message: `\`${name}\` must be a path inside the image without \`..\`` });
  return undefined;
}

// A relative path inside the learner's workspace (no leading `/`, no `..`).
export function workspacePathField(fields: Fields, name: string, problems: FieldProblem[]): string | undefined {
  const value = stringField(fields, name, problems, true);
  if (value === undefined) return undefined;
  if (!value.startsWith("/") && !value.split("/").includes("..")) return value.replace(/\/+$/, "");
  problems.push({ path: [name], message: `\`${name}\` must be a path relative to the workspace, without \`..\`` });
  return undefined;
}

// Rejects two fields given together.
export function exclusive(fields: Fields, names: readonly string[], problems: FieldProblem[]): void {
  const given = names.filter((n) => fields[n] !== undefined);
  if (given.length > 1) {
    problems.push({
      path: [given[1] as string],
      message: `give only one of ${given.map((n) => `\`${n}\``).join(", ")}`,
    });
  }
}
