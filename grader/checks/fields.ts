import type { CheckScope, FieldProblem } from "./kind.js";
import { type LabRef, parseLabRef } from "./lab-ref.js";

// Field readers for check validation: each records a problem and returns undefined when the field is wrong.

// A required lab reference field (`mirror/app:v1`).
export function refField(
  fields: Readonly<Record<string, unknown>>,
  name: string,
  problems: FieldProblem[],
): LabRef | undefined {
  const value = fields[name];
  if (typeof value !== "string") {
    problems.push({ path: [name], message: `\`${name}\` must be a reference such as \`mirror/app:v1\`` });
    return undefined;
  }
  const ref = parseLabRef(value);
  if (typeof ref === "string") {
    problems.push({ path: [name], message: ref });
    return undefined;
  }
  return ref;
}

// A required name of a seeded object.
export function seedField(
  fields: Readonly<Record<string, unknown>>,
  name: string,
  scope: CheckScope,
  problems: FieldProblem[],
): string | undefined {
  const value = fields[name];
  if (typeof value !== "string") {
    problems.push({ path: [name], message: `\`${name}\` must name a seeded object` });
    return undefined;
  }
  if (!scope.seedNames.has(value)) {
    const known = [...scope.seedNames].join(", ") || "none";
    problems.push({ path: [name], message: `no seeded object is named "${value}" (seeded: ${known})` });
    return undefined;
  }
  return value;
}

// Problems for fields a check kind does not know (unknown keys are errors).
export function unknownFields(
  fields: Readonly<Record<string, unknown>>,
  known: readonly string[],
  problems: FieldProblem[],
): void {
  const allowed = new Set(["id", "kind", "title", "showExpected", "hidden", ...known]);
  for (const key of Object.keys(fields)) {
    if (!allowed.has(key)) {
      problems.push({ path: [key], message: `unknown field \`${key}\` (this kind takes: ${known.join(", ")})` });
    }
  }
}

// The `ref` + `seed` pair most identity checks take, with unknown fields refused.
export function refAndSeed<S extends { ref: LabRef; seed: string }>(
  fields: Readonly<Record<string, unknown>>,
  scope: CheckScope,
): { spec?: S; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  unknownFields(fields, ["ref", "seed"], problems);
  const ref = refField(fields, "ref", problems);
  const seed = seedField(fields, "seed", scope, problems);
  return { spec: ref && seed ? ({ ref, seed } as S) : undefined, problems };
}
