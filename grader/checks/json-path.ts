import { OciFormatError } from "../oci/format-error.js";
import { type JsonValue, parseStrictJson } from "../oci/strict-json.js";
import type { Platform } from "../oci/types.js";
import type { GradeContext } from "./context.js";
import { refField, unknownFields } from "./fields.js";
import { type CheckOutcome, defineCheck, type FieldProblem } from "./kind.js";
import type { LabRef } from "./lab-ref.js";
import {
  compilePattern,
  enumField,
  exactlyOneOf,
  optionalPlatformField,
  optionalStringField,
} from "./objects-fields.js";
import { evaluateJsonQuery, type JsonQuery, jsonEqual, parseJsonQuery } from "./objects-json-query.js";
import { loadConfigBytes, loadTarget, unusableOutcome } from "./objects-load.js";

/** How the selected values are judged. */
export type JsonComparison =
  | { readonly equals: unknown }
  | { readonly matches: RegExp }
  | { readonly exists: boolean }
  | { readonly count: number };

/** An author's escape hatch: a path query over a fetched manifest, index or config, compared with a value. */
export interface JsonPathSpec {
  readonly ref: LabRef;
  /** Read the index entry's image for this platform. */
  readonly platform?: Platform;
  readonly document: "manifest" | "config";
  readonly query: JsonQuery;
  readonly compare: JsonComparison;
  /** The author's advice when it fails (never the expected value). */
  readonly hint?: string;
}

// Reads the exact JSON a registry serves (image-spec manifest.md, image-index.md, config.md), strictly parsed and
// bounded, and evaluates a small path language over it: no eval, at most 32 steps and 10 000 values.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md
// https://github.com/opencontainers/image-spec/blob/v1.1.1/config.md
export const jsonPath = defineCheck<JsonPathSpec>({
  kind: "json-path",
  summary: "a path query over a fetched manifest, index or config equals a value, matches a pattern, exists or counts",
  validate(fields) {
    const problems: FieldProblem[] = [];
    unknownFields(
      fields,
      ["ref", "platform", "document", "path", "equals", "matches", "exists", "count", "hint"],
      problems,
    );
    const ref = refField(fields, "ref", problems);
    const platform = optionalPlatformField(fields, "platform", problems);
    const document = enumField(fields, "document", ["manifest", "config"] as const, problems, "manifest");
    const query =
      typeof fields.path === "string" ? parseJsonQuery(fields.path) : "`path` is required, for example `layers.length`";
    if (typeof query === "string") problems.push({ path: ["path"], message: query });
    const compare = comparisonField(fields, problems);
    const hint = optionalStringField(fields, "hint", problems);
    if (problems.length > 0 || !ref || !document || typeof query === "string" || !compare) return { problems };
    return {
      spec: { ref, document, query, compare, ...(platform ? { platform } : {}), ...(hint ? { hint } : {}) },
      problems,
    };
  },
  async run(spec, ctx) {
    const doc = await readDocument(spec, ctx);
    if ("status" in doc) return doc;
    const values = evaluateJsonQuery(spec.query, doc.json);
    const where = `\`${spec.query.text}\` in the ${doc.what}`;
    const actual = describeValues(values, spec.query.multi);
    if (judge(spec.compare, values, spec.query.multi)) return { status: "pass", summary: `${where} is as expected.` };
    return {
      status: "fail",
      summary: `${where} is not as expected.`,
      expected: describeComparison(spec.compare),
      actual,
      hint: spec.hint ?? `Look at ${where} and compare it with what the task asks.`,
    };
  },
});

function comparisonField(
  fields: Readonly<Record<string, unknown>>,
  problems: FieldProblem[],
): JsonComparison | undefined {
  const which = exactlyOneOf(fields, ["equals", "matches", "exists", "count"], problems);
  if (which === "equals") return { equals: fields.equals };
  if (which === "matches") {
    const re = compilePattern(fields.matches, ["matches"], problems);
    return re ? { matches: re } : undefined;
  }
  if (which === "exists" && typeof fields.exists === "boolean") return { exists: fields.exists };
  if (which === "count" && typeof fields.count === "number" && Number.isSafeInteger(fields.count) && fields.count >= 0)
    return { count: fields.count };
  if (which === "exists" || which === "count")
    problems.push({
      path: [which],
      message: which === "exists" ? "`exists` must be true or false" : "`count` must be a whole number",
    });
  return undefined;
}

async function readDocument(
  spec: JsonPathSpec,
  ctx: GradeContext,
): Promise<{ json: JsonValue; what: string } | CheckOutcome> {
  const target = await loadTarget(ctx, spec.ref, spec.platform);
  if (target.state === "missing" || target.state === "invalid")
    return unusableOutcome(spec.ref, target, `Publish \`${spec.ref.text}\` first.`);
  if (target.state === "no-target")
    return {
      status: "fail",
      summary: `There is no image to read: ${target.reason}.`,
      hint: spec.hint ?? `Publish \`${spec.ref.text}\` as the task asks.`,
    };
  const { fetched } = target;
  const name = `${fetched.value.kind === "index" ? "index" : "manifest"} of \`${target.ref.text}\``;
  if (spec.document === "manifest")
    return { json: parseStrictJson(fetched.raw, { maxDepth: ctx.limits.maxJsonDepth }), what: name };
  if (fetched.value.kind !== "manifest")
    return {
      status: "fail",
      summary: `\`${spec.ref.text}\` is an index, which has no config.`,
      hint: spec.hint ?? "Name a `platform` to read one image's config.",
    };
  const raw = await loadConfigBytes(ctx, target.ref.repository, fetched.value);
  if (!(raw instanceof Uint8Array))
    return {
      status: "fail",
      summary: `The config of \`${target.ref.text}\` cannot be read: ${raw.reason}.`,
      hint: "Push the config blob the manifest names.",
    };
  try {
    return {
      json: parseStrictJson(raw, { maxDepth: ctx.limits.maxJsonDepth }),
      what: `config of \`${target.ref.text}\``,
    };
  } catch (error) {
    if (!(error instanceof OciFormatError)) throw error;
    return {
      status: "fail",
      summary: `The config of \`${target.ref.text}\` is not JSON: ${error.message}.`,
      hint: "Push a valid JSON config.",
    };
  }
}

function judge(compare: JsonComparison, values: readonly JsonValue[], multi: boolean): boolean {
  if ("count" in compare) return values.length === compare.count;
  if ("exists" in compare) return values.length > 0 === compare.exists;
  if ("matches" in compare)
    return (
      values.length > 0 &&
      values.every((v) => (typeof v === "string" || typeof v === "number") && compare.matches.test(String(v)))
    );
  return values.length > 0 && jsonEqual(multi ? values : values[0], compare.equals);
}

const MAX_SHOWN = 200;

function describeValues(values: readonly JsonValue[], multi: boolean): string {
  if (values.length === 0) return multi ? "no values" : "nothing (the path selects no value)";
  const text = JSON.stringify(multi ? values : values[0]);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

function describeComparison(compare: JsonComparison): string {
  if ("count" in compare) return `${compare.count} values`;
  if ("exists" in compare) return compare.exists ? "a value" : "no value";
  if ("matches" in compare) return `a value matching /${compare.matches.source}/`;
  return JSON.stringify(compare.equals) ?? "null";
}
