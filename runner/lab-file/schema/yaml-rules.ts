import { LAB_FORMAT_VERSION } from "../../../grader/lab/types.js";
import type { FieldRule, SchemaRules } from "./from-types.js";
import { type JsonSchema, refTo } from "./json-schema.js";

// Where lab.yaml differs from the loaded types, as the loader (runner/lab-file/read-*.ts) reads it: fields with
// defaults, whole numbers and their bounds, name patterns, the octal mode string, the index-entry shorthand.

/** A lab slug: lower-case words joined by `-`. */
export const SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$";
/** A `{{choice.NAME}}` placeholder, which may stand for any part of a platform. */
const CHOICE = "\\{\\{\\s*choice\\.[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)?\\s*\\}\\}";
/** os/arch[/variant], each part possibly a choice, or a choice for the whole platform. */
export const PLATFORM_PATTERN = `^(([a-z0-9]+|${CHOICE})/([a-z0-9_]+|${CHOICE})(/([a-z0-9]+|${CHOICE}))?|${CHOICE})$`;
const SEED_NAME = "^[a-z][a-z0-9_]*$";
/** An answer key; choices may stand for parts of it (`{{choice.tag}}_cause`). */
const ANSWER_KEY = `^([a-z]|${CHOICE})([a-z0-9_-]|${CHOICE})*$`;
const MODE = "^0?[0-7]{3,4}$";

/** A check kind as the schema lists it. */
export interface KindSummary {
  readonly kind: string;
  readonly summary: string;
}

// The rules for format v1, given the registered check kinds and the schema of `showExpected`.
export function labYamlRules(kinds: readonly KindSummary[], showExpected: JsonSchema): SchemaRules {
  return {
    fields: { ...LAB_RULES, ...SEED_RULES, ...TASK_RULES, ...checkRules(kinds) },
    extraFields: {
      CheckSpec: {
        showExpected,
        hidden: {
          description: "A hidden check: learners see only pass or fail (no expected value, diagnosis or hint).",
          type: "boolean",
          default: false,
        },
      },
    },
  };
}

const LAB_RULES: Readonly<Record<string, FieldRule>> = {
  "LabDefinition.file": { omit: true },
  "LabDefinition.chosen": { omit: true },
  "LabDefinition.choices": {
    default: {},
    schema: {
      propertyNames: { pattern: SEED_NAME },
      additionalProperties: {
        type: "array",
        minItems: 2,
        items: { anyOf: [{ type: "string" }, { type: "object", additionalProperties: { type: "string" } }] },
      },
    },
  },
  "LabDefinition.formatVersion": {
    schema: { ...whole(1, LAB_FORMAT_VERSION), description: `The lab-file format: ${LAB_FORMAT_VERSION}.` },
  },
  "LabDefinition.number": {
    schema: { ...whole(1, 99), description: "What `labs start N` takes; the folder is `NN-slug`." },
  },
  "LabDefinition.slug": {
    schema: { pattern: SLUG_PATTERN, description: "Lower-case words joined by `-`; the folder is `NN-slug`." },
  },
  "LabDefinition.minutes": { schema: { ...whole(1, 600), description: "Estimated minutes a learner needs." } },
  "LabDefinition.solutionAfterChecks": { schema: whole(1, 1000) },
  "LabDefinition.goals": { default: [] },
  "LabDefinition.teaches": {
    default: [],
    schema: { description: "Concepts this lab teaches (runner/lab-file/concepts.ts)." },
  },
  "LabDefinition.uses": { default: [], schema: { description: "Concepts this lab needs, taught by an earlier lab." } },
  "LabDefinition.answers": { default: {}, schema: { propertyNames: { pattern: ANSWER_KEY } } },
  "LabDefinition.wrongAttempts": { default: [] },
};

const SEED_RULES: Readonly<Record<string, FieldRule>> = {
  "SeedSpec.images": { default: {}, schema: { propertyNames: { pattern: SEED_NAME } } },
  "SeedSpec.indexes": { default: {}, schema: { propertyNames: { pattern: SEED_NAME } } },
  "SeedSpec.artifacts": { default: {}, schema: { propertyNames: { pattern: SEED_NAME } } },
  "SeedSpec.damage": { default: [] },
  "SeedSpec.files": { default: [] },
  "SeedSpec.layouts": { default: [] },
  "ImageSpec.flavour": { default: "oci", schema: oneOrChoice(["oci", "docker"]) },
  "ImageSpec.platform": { default: "linux/amd64", schema: { pattern: PLATFORM_PATTERN } },
  "ImageSpec.indent": { schema: whole(0, 8) },
  "ImageSpec.trailingNewline": { default: false },
  "ImageSpec.mediaTypeField": { default: true },
  "ImageSpec.configTrailingNewline": { default: false },
  "IndexSpec.flavour": { default: "oci", schema: oneOrChoice(["oci", "docker"]) },
  "IndexSpec.indent": { schema: whole(0, 8) },
  "IndexSpec.trailingNewline": { default: false },
  "IndexSpec.attestations": { default: false },
  "IndexSpec.manifests": {
    schema: {
      items: {
        anyOf: [
          { type: "string", minLength: 1, description: "Name of a seeded image (short for `{ image: NAME }`)." },
          refTo("IndexEntrySpec"),
        ],
      },
    },
  },
  "IndexEntrySpec.platform": { schema: { pattern: PLATFORM_PATTERN } },
  "ArtifactSpec.layers": { default: [] },
  "ArtifactSpec.layers[].content": { default: "", allowEmpty: true },
  "DamageSpec.blob": {
    schema: {
      anyOf: [
        { type: "string", enum: ["config"] },
        { type: "integer", minimum: 0 },
      ],
    },
  },
  "WorkspaceFileSpec.content": { allowEmpty: true },
  "LayerSpec.compression": { default: "gzip" },
  "LayerSpec.gzipLevel": { schema: whole(1, 9), default: 9 },
  "FileSpec.type": { default: "file" },
  "FileSpec.content": { allowEmpty: true },
  "FileSpec.target": { allowEmpty: true },
  "FileSpec.mode": {
    schema: {
      type: "string",
      pattern: MODE,
      description: 'Permission bits as a quoted octal string, for example "0755" (quoted, so YAML keeps it octal).',
    },
  },
};

const TASK_RULES: Readonly<Record<string, FieldRule>> = {
  "TaskSpec.points": { default: 1, schema: whole(0, 1_000) },
  "TaskSpec.needs": { default: [] },
  "TaskSpec.hints": { schema: { minItems: 1 } },
  "WrongAttemptSpec.requires": { default: [] },
};

function checkRules(kinds: readonly KindSummary[]): Record<string, FieldRule> {
  const sorted = [...kinds].sort((a, b) => a.kind.localeCompare(b.kind));
  const list = sorted.map((k) => `\`${k.kind}\`: ${k.summary}`).join("; ");
  return {
    "CheckSpec.id": { schema: { description: "Unique within its task; wrong attempts name it." } },
    "CheckSpec.kind": {
      schema: {
        enum: sorted.map((k) => k.kind),
        description: `What the check verifies; each kind validates its own other fields. Kinds: ${list}.`,
      },
    },
  };
}

function whole(minimum: number, maximum: number): JsonSchema {
  return { type: "integer", minimum, maximum };
}

// One of `values`, or a choice that takes one of them (the loader checks each value of the choice).
function oneOrChoice(values: readonly string[]): JsonSchema {
  return { enum: undefined, anyOf: [{ enum: values }, { pattern: `^${CHOICE}$` }] };
}
