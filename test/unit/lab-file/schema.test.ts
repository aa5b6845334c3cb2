import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseDocument, stringify } from "yaml";
import { CHECKS } from "../../../grader/checks/index.js";
import { loadLabText } from "../../../runner/lab-file/load.js";
import { createTypeWalker } from "../../../runner/lab-file/schema/from-types.js";
import { buildLabSchema, formatSchema } from "../../../runner/lab-file/schema/generate.js";
import { type JsonSchema, SCHEMA_FILE } from "../../../runner/lab-file/schema/json-schema.js";

const root = resolve(import.meta.dirname, "../../..");
const stored = JSON.parse(readFileSync(join(root, SCHEMA_FILE), "utf8")) as JsonSchema;
const labFiles = readdirSync(join(root, "labs"))
  .filter((name) => /^\d{2}-/.test(name))
  .map((name) => `labs/${name}/lab.yaml`);
const lab9Text = readFileSync(join(root, "labs/09-mirror-preserving-digest/lab.yaml"), "utf8");

// A validator for exactly the keywords the generator emits; any other keyword is an error, so the schema
// cannot grow a keyword this test does not enforce.
const KEYWORDS = new Set([
  ...["$schema", "$comment", "$ref", "$defs", "title", "description", "default", "type", "enum", "pattern"],
  ...["minLength", "minimum", "maximum", "items", "minItems", "properties", "required", "additionalProperties"],
  ...["propertyNames", "anyOf"],
]);

function errorsOf(schema: JsonSchema, value: unknown, at = "", top: JsonSchema = schema): string[] {
  const unknown = Object.keys(schema).filter((k) => !KEYWORDS.has(k));
  if (unknown.length > 0) throw new Error(`the test validator does not implement ${unknown.join(", ")}`);
  const errors: string[] = [];
  if (schema.$ref) errors.push(...errorsOf(definition(top, schema.$ref), value, at, top));
  if (schema.anyOf?.every((s) => errorsOf(s, value, at, top).length > 0)) {
    errors.push(`${at}: matches none of the allowed forms`);
  }
  if (schema.type && !hasType(value, schema.type)) return [...errors, `${at}: expected ${schema.type}`];
  if (schema.enum && !schema.enum.includes(value as string)) errors.push(`${at}: not one of ${schema.enum.join(", ")}`);
  if (typeof value === "string") errors.push(...stringErrors(schema, value, at));
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${at}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${at}: above ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${at}: too few items`);
    const items = schema.items;
    if (items) errors.push(...value.flatMap((v, i) => errorsOf(items, v, `${at}/${i}`, top)));
  }
  if (isObject(value)) errors.push(...objectErrors(schema, value, at, top));
  return errors;
}

function stringErrors(schema: JsonSchema, value: string, at: string): string[] {
  const errors: string[] = [];
  if (schema.minLength !== undefined && value.length < schema.minLength) errors.push(`${at}: too short`);
  if (schema.pattern && !new RegExp(schema.pattern, "u").test(value))
    errors.push(`${at}: does not match ${schema.pattern}`);
  return errors;
}

function objectErrors(schema: JsonSchema, value: Record<string, unknown>, at: string, top: JsonSchema): string[] {
  const errors: string[] = [];
  for (const key of schema.required ?? []) if (!(key in value)) errors.push(`${at}: missing ${key}`);
  for (const [key, v] of Object.entries(value)) {
    if (schema.propertyNames) errors.push(...errorsOf(schema.propertyNames, key, `${at}/${key} (name)`, top));
    const known = schema.properties?.[key];
    if (known) errors.push(...errorsOf(known, v, `${at}/${key}`, top));
    else if (schema.additionalProperties === false) errors.push(`${at}/${key}: unknown key`);
    else if (typeof schema.additionalProperties === "object") {
      errors.push(...errorsOf(schema.additionalProperties, v, `${at}/${key}`, top));
    }
  }
  return errors;
}

function definition(top: JsonSchema, ref: string): JsonSchema {
  const found = top.$defs?.[ref.replace("#/$defs/", "")];
  if (!found) throw new Error(`unresolved ${ref}`);
  return found;
}

function hasType(value: unknown, type: NonNullable<JsonSchema["type"]>): boolean {
  if (type === "integer") return Number.isInteger(value);
  if (type === "array") return Array.isArray(value);
  if (type === "object") return isObject(value);
  return typeof value === type;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

type Path = readonly (string | number)[];

// Lab 9 as data, with each [path, value] set (or deleted when the value is undefined).
function lab9With(...edits: readonly (readonly [Path, unknown])[]): Record<string, unknown> {
  const doc = parseDocument(lab9Text);
  for (const [path, value] of edits) {
    if (value === undefined) doc.deleteIn(path);
    else doc.setIn(path, value);
  }
  return doc.toJS() as Record<string, unknown>;
}

describe("docs/lab.schema.json", () => {
  it("is what the generator produces from the current types and check kinds (run `npm run schema` if not)", () => {
    const text = readFileSync(join(root, SCHEMA_FILE), "utf8");
    expect(text, "docs/lab.schema.json is stale: run `npm run schema`").toBe(formatSchema(buildLabSchema(root)));
  });

  it("is draft 2020-12 and closes every object but a check's kind-specific fields", () => {
    expect(stored.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(stored.additionalProperties).toBe(false);
    const open = Object.entries(stored.$defs ?? {}).filter(([, d]) => d.additionalProperties !== false);
    expect(open.map(([name]) => name)).toEqual(["CheckSpec"]);
    expect(stored.properties).not.toHaveProperty("file");
  });

  it.each(labFiles)("accepts %s", (file) => {
    expect(errorsOf(stored, parse(readFileSync(join(root, file), "utf8")))).toEqual([]);
  });

  it.each([
    { name: "an unknown top-level key", path: ["minutse"], value: 20, error: "/minutse: unknown key" },
    {
      name: "an unknown key in a file",
      path: ["seed", "images", "app_amd64", "layers", 0, "files", 0, "own"],
      value: 1,
      error: "/seed/images/app_amd64/layers/0/files/0/own: unknown key",
    },
    {
      name: "a level outside the enum",
      path: ["level"],
      value: "expert",
      error: "/level: not one of beginner, intermediate, advanced",
    },
    {
      name: "an unregistered check kind",
      path: ["tasks", 0, "checks", 0, "kind"],
      value: "graph-completed",
      error: "/tasks/0/checks/0/kind: not one of",
    },
    {
      name: "a wrong showExpected",
      path: ["tasks", 0, "checks", 0, "showExpected"],
      value: "sometimes",
      error: "/tasks/0/checks/0/showExpected: not one of never, after-pass, always",
    },
    { name: "missing tasks", path: ["tasks"], value: undefined, error: ": missing tasks" },
    { name: "a task without hints", path: ["tasks", 1, "hints"], value: undefined, error: "/tasks/1: missing hints" },
    { name: "an empty hint list", path: ["tasks", 1, "hints"], value: [], error: "/tasks/1/hints: too few items" },
    {
      name: "a platform without an architecture",
      path: ["seed", "images", "app_amd64", "platform"],
      value: "linux",
      error: "/seed/images/app_amd64/platform: does not match",
    },
    { name: "a slug with capitals", path: ["slug"], value: "Mirror_Digest", error: "/slug: does not match" },
    {
      name: "a mode that YAML read as a number",
      path: ["seed", "images", "app_amd64", "layers", 1, "files", 1, "mode"],
      value: 755,
      error: "/mode: expected string",
    },
    { name: "a lab number over 99", path: ["number"], value: 100, error: "/number: above 99" },
    { name: "a fractional number of minutes", path: ["minutes"], value: 2.5, error: "/minutes: expected integer" },
    {
      name: "a seed name with a dash",
      path: ["seed", "images", "app-x"],
      value: { layers: [{ files: [] }] },
      error: "/seed/images/app-x (name): does not match",
    },
    {
      name: "an index entry that is neither a name nor an entry",
      path: ["seed", "indexes", "app_v1", "manifests", 0],
      value: 7,
      error: "/seed/indexes/app_v1/manifests/0: matches none",
    },
    {
      name: "an unknown registry capability",
      path: ["wrongAttempts", 0, "requires"],
      value: ["teleport"],
      error: "/wrongAttempts/0/requires/0: not one of",
    },
  ])("rejects $name, as the loader does", ({ path, value, error }) => {
    const lab = lab9With([path, value]);
    expect(errorsOf(stored, lab).join("\n")).toContain(error);
    expect(loadLabText("lab.yaml", stringify(lab), CHECKS)).toHaveProperty("problems");
  });

  it("accepts what the loader accepts: shorthand index entries, defaults left out, open check fields", () => {
    const lab = lab9With(
      [
        ["seed", "indexes", "app_v1", "manifests"],
        ["app_amd64", { image: "app_arm64", platform: "linux/arm64/v8" }],
      ],
      [["seed", "images", "app_amd64", "flavour"], undefined],
      [["tasks", 0, "points"], undefined],
      [["tasks", 0, "checks", 0, "showExpected"], "after-pass"],
    );
    expect(errorsOf(stored, lab)).toEqual([]);
    expect(loadLabText("lab.yaml", stringify(lab), CHECKS)).toHaveProperty("lab");
  });

  it("accepts choices, and a choice standing for part of a platform", () => {
    const lab = lab9With(
      [["choices"], { arch: ["arm64", "s390x"] }],
      [["seed", "images", "app_arm64", "platform"], "linux/{{choice.arch}}"],
    );
    expect(errorsOf(stored, lab)).toEqual([]);
    expect(errorsOf(stored, lab9With([["choices"], { arch: ["arm64"] }])).join("\n")).toContain("choices");
  });
});

describe("the generator stays out of `labs` at run time", () => {
  const sources = (dir: string): string[] =>
    readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts"))
      .map((f) => `${dir}/${f}`);
  const importing = (pattern: RegExp) =>
    [...sources("grader"), ...sources("runner")].filter((f) => pattern.test(readFileSync(join(root, f), "utf8")));

  it("loads typescript only in the type walker, which only the generator imports", () => {
    expect(importing(/from "typescript"|import\("typescript"\)/)).toEqual(["runner/lab-file/schema/from-types.ts"]);
    // Type-only imports are erased, so they load nothing.
    const valueImport = /^(?:import|export) (?!type )[^;]*["'][^"']*(?:from-types|schema\/generate)\.js["']/m;
    expect(importing(valueImport)).toEqual(["runner/lab-file/schema/generate.ts"]);
  });
});

describe("the type walker", () => {
  const dir = mkdtempSync(join(tmpdir(), "labs-schema-"));
  const file = join(dir, "types.ts");
  writeFileSync(
    file,
    [
      "/** A thing. */",
      "export interface Thing {",
      "  /** Its name. */",
      "  readonly name: string;",
      '  readonly size?: "small" | "large";',
      "  readonly tags: readonly string[];",
      "  readonly parts: Readonly<Record<string, Part>>;",
      "  readonly file: string;",
      "}",
      "export interface Part { readonly count: number; readonly on?: boolean; readonly [extra: string]: unknown }",
      "export interface Bad { readonly when: Date | number }",
      '/** A mode. */\nexport type Mode = "a" | "b";',
    ].join("\n"),
  );
  const walker = createTypeWalker([file]);

  it("turns interfaces into closed objects with descriptions, enums, arrays, maps and references", () => {
    const { root: thing, defs } = walker.interfaces(file, "Thing", {
      fields: { "Thing.file": { omit: true } },
      extraFields: {},
    });
    expect(thing).toEqual({
      description: "A thing.",
      type: "object",
      properties: {
        name: { description: "Its name.", type: "string", minLength: 1 },
        size: { type: "string", enum: ["small", "large"] },
        tags: { type: "array", items: { type: "string" } },
        parts: { type: "object", additionalProperties: { $ref: "#/$defs/Part" } },
      },
      required: ["name", "tags", "parts"],
      additionalProperties: false,
    });
    expect(defs.Part).toEqual({
      type: "object",
      properties: { count: { type: "number" }, on: { type: "boolean" } },
      required: ["count"],
      additionalProperties: true,
    });
  });

  it("applies defaults and extra fields from the rules, and reads aliases", () => {
    const rules = {
      fields: { "Part.count": { default: 1 } },
      extraFields: { Part: { note: { type: "string" as const } } },
    };
    const { defs } = walker.interfaces(file, "Thing", rules);
    expect(defs.Part?.required).toEqual([]);
    expect(defs.Part?.properties?.count).toEqual({ type: "number", default: 1 });
    expect(defs.Part?.properties?.note).toEqual({ type: "string" });
    expect(walker.alias(file, "Mode")).toEqual({ description: "A mode.", type: "string", enum: ["a", "b"] });
  });

  it("refuses a type it cannot express, naming the field", () => {
    expect(() => walker.interfaces(file, "Bad", { fields: {}, extraFields: {} })).toThrow(/Bad\.when/);
  });
});
