import type { Platform } from "../oci/types.js";
import {
  booleanField,
  choiceField,
  imagePathField,
  platformField,
  regexField,
  stringField,
  workspacePathField,
} from "./content-fields.js";
import { refField, unknownFields } from "./fields.js";
import type { CheckScope, FieldProblem } from "./kind.js";
import { type LabRef, parseLabRef } from "./lab-ref.js";

// The fields of an `answer` check: which answer, and which value computed from the registry (or the seed)
// it must equal. Each computed field names what it needs; validation reports every missing or stray input.

/** What is computed; see docs/checks.md "answer" for each. */
export const ANSWER_FIELDS = [
  "digest",
  "mediaType",
  "configDigest",
  "size",
  "layerCount",
  "layerDigests",
  "layerDigest",
  "diffIds",
  "diffId",
  "chainIds",
  "chainId",
  "compressedSize",
  "platforms",
  "childDigests",
  "attestationFor",
  "attestationMap",
  "sharedLayers",
  "predicateTypes",
  "statement",
  "whiteouts",
  "fileContent",
  "fileLayer",
  "fileInRootfs",
  "env",
  "label",
  "tagsSharing",
  "changeCause",
  "sameImageId",
  "uniqueBlobs",
  "layoutBlobs",
] as const;
/** One computed field. */
export type AnswerField = (typeof ANSWER_FIELDS)[number];

type Input = "layer" | "path" | "name" | "from" | "others" | "sharing" | "predicateType" | "query" | "platform";
/** seed: the seed fact is enough; object: a registry object (ref, or seed + in); none: neither. */
type Needs = { readonly source: "seed" | "object" | "none"; readonly inputs?: readonly Input[] };

const NEEDS: Readonly<Record<AnswerField, Needs>> = {
  digest: { source: "seed" },
  mediaType: { source: "seed" },
  configDigest: { source: "seed" },
  platforms: { source: "seed" },
  childDigests: { source: "seed" },
  uniqueBlobs: { source: "seed", inputs: ["others"] },
  size: { source: "object" },
  layerCount: { source: "object" },
  layerDigests: { source: "object" },
  diffIds: { source: "object" },
  chainIds: { source: "object" },
  compressedSize: { source: "object" },
  whiteouts: { source: "object" },
  attestationMap: { source: "object" },
  sharedLayers: { source: "object" },
  predicateTypes: { source: "object" },
  layerDigest: { source: "object", inputs: ["layer"] },
  diffId: { source: "object", inputs: ["layer"] },
  chainId: { source: "object", inputs: ["layer"] },
  attestationFor: { source: "object", inputs: ["platform"] },
  statement: { source: "object", inputs: ["platform", "predicateType", "query"] },
  fileContent: { source: "object", inputs: ["path"] },
  fileLayer: { source: "object", inputs: ["path"] },
  fileInRootfs: { source: "object", inputs: ["path"] },
  env: { source: "object", inputs: ["name"] },
  label: { source: "object", inputs: ["name"] },
  tagsSharing: { source: "object", inputs: ["sharing"] },
  changeCause: { source: "object", inputs: ["from"] },
  sameImageId: { source: "object", inputs: ["from"] },
  layoutBlobs: { source: "none", inputs: ["path"] },
};

/** The object an answer is about is missing or unreadable: the answer cannot be judged (status `error`). */
export class AnswerSourceError extends Error {
  override readonly name = "AnswerSourceError";
}

/** An answer check, validated. */
export interface AnswerCheckSpec {
  readonly key: string;
  readonly field: AnswerField;
  /** The registry object the value is computed from (for `seed` + `in`: the seeded digest in that repository). */
  readonly ref?: LabRef;
  readonly seed?: string;
  readonly platform?: Platform;
  readonly layer?: number | "top";
  /** A path in the image, or (layoutBlobs) in the workspace. */
  readonly path?: string;
  readonly name?: string;
  readonly from?: LabRef;
  readonly others?: readonly string[];
  readonly sharing?: "digest" | "configDigest" | "layers";
  readonly predicateType?: string;
  readonly query?: string;
  /** Applied to a computed string: its first capture group is the expected value. */
  readonly extract?: RegExp;
  /** Lists compare in order (layer digests, DiffIDs); otherwise as sets. */
  readonly ordered: boolean;
  /** coarse: say only right or wrong (so `labs check` is no oracle). */
  readonly feedback: "full" | "coarse";
}

const KNOWN = [
  "key",
  "field",
  "ref",
  "seed",
  "in",
  "platform",
  "layer",
  "path",
  "name",
  "from",
  "others",
  "sharing",
  "predicateType",
  "query",
  "extract",
  "ordered",
  "feedback",
];

// Validates an answer check's fields against the lab's answers and seed.
export function validateAnswer(
  fields: Readonly<Record<string, unknown>>,
  scope: CheckScope,
): { spec?: AnswerCheckSpec; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  unknownFields(fields, KNOWN, problems);
  const key = stringField(fields, "key", problems, true);
  if (key && !scope.answerKeys.has(key))
    problems.push({
      path: ["key"],
      message: `no answer is declared as "${key}" (declared: ${[...scope.answerKeys].join(", ") || "none"})`,
    });
  const field = choiceField(fields, "field", ANSWER_FIELDS, problems);
  if (fields.field === undefined) problems.push({ path: ["field"], message: "`field` names the value to compute" });
  const source = readSource(fields, scope, problems);
  if (field) checkNeeds(field, fields, source, problems);
  const spec = {
    key: key ?? "",
    field: field ?? "digest",
    ...source,
    ...optional(fields, problems, field),
    ordered: booleanField(fields, "ordered", problems) ?? false,
    feedback: choiceField(fields, "feedback", ["full", "coarse"] as const, problems) ?? "full",
  };
  return problems.length > 0 ? { problems } : { spec, problems };
}

function readSource(
  fields: Readonly<Record<string, unknown>>,
  scope: CheckScope,
  problems: FieldProblem[],
): { ref?: LabRef; seed?: string } {
  const seed = stringField(fields, "seed", problems);
  if (seed && !scope.seedNames.has(seed))
    problems.push({ path: ["seed"], message: `no seeded object is named "${seed}"` });
  const others = Array.isArray(fields.others) ? fields.others : [];
  others.forEach((o, i) => {
    if (typeof o === "string" && !scope.seedNames.has(o))
      problems.push({ path: ["others", i], message: `no seeded object is named "${o}"` });
  });
  if (fields.ref !== undefined && (seed || fields.in !== undefined))
    problems.push({
      path: ["ref"],
      message: "give `ref`, or `seed` (with `in` to read it from the registry), not both",
    });
  const ref = fields.ref !== undefined ? refField(fields, "ref", problems) : undefined;
  const inRepo = stringField(fields, "in", problems);
  if (inRepo !== undefined && !seed) problems.push({ path: ["in"], message: "`in` needs `seed`" });
  const parsed = inRepo ? parseLabRef(`${inRepo}:seed`) : undefined;
  if (typeof parsed === "string") problems.push({ path: ["in"], message: parsed });
  const inRef =
    parsed && typeof parsed !== "string"
      ? { repository: parsed.repository, reference: "", text: inRepo as string }
      : undefined;
  return { ...((ref ?? inRef) ? { ref: ref ?? inRef } : {}), ...(seed ? { seed } : {}) };
}

function checkNeeds(
  field: AnswerField,
  fields: Readonly<Record<string, unknown>>,
  source: { ref?: LabRef; seed?: string },
  problems: FieldProblem[],
): void {
  const needs = NEEDS[field];
  if (needs.source === "object" && !source.ref)
    problems.push({
      path: ["ref"],
      message: `\`field: ${field}\` reads a registry object: give \`ref\` (or \`seed\` with \`in\`)`,
    });
  if (needs.source === "seed" && !source.ref && !source.seed)
    problems.push({ path: ["ref"], message: `\`field: ${field}\` needs \`ref\` or \`seed\`` });
  if (needs.source === "none" && (source.ref || source.seed))
    problems.push({ path: ["ref"], message: `\`field: ${field}\` takes no \`ref\` or \`seed\`` });
  if (field === "uniqueBlobs" && !source.seed)
    problems.push({ path: ["seed"], message: "`field: uniqueBlobs` needs `seed`" });
  for (const input of needs.inputs ?? []) {
    if (fields[input] === undefined)
      problems.push({ path: [input], message: `\`field: ${field}\` needs \`${input}\`` });
  }
  const optionalInputs: readonly Input[] = ["platform"];
  for (const input of ["layer", "path", "name", "from", "others", "sharing", "predicateType", "query"] as const) {
    const allowed = needs.inputs?.includes(input) || (input === "layer" && field === "fileContent");
    if (fields[input] !== undefined && !allowed && !optionalInputs.includes(input))
      problems.push({ path: [input], message: `\`field: ${field}\` takes no \`${input}\`` });
  }
}

const QUERY = /^[A-Za-z_$][\w$-]*(?:\[\d+\])*(?:\.[A-Za-z_$][\w$-]*(?:\[\d+\])*)*$/;

function optional(fields: Readonly<Record<string, unknown>>, problems: FieldProblem[], field: AnswerField | undefined) {
  const layer = fields.layer;
  if (layer !== undefined && layer !== "top" && !(typeof layer === "number" && Number.isInteger(layer) && layer >= 0)) {
    problems.push({ path: ["layer"], message: "`layer` is a layer index (0 is the base) or top" });
  }
  const path =
    fields.path === undefined
      ? undefined
      : field === "layoutBlobs"
        ? workspacePathField(fields, "path", problems)
        : imagePathField(fields, "path", problems);
  const others = fields.others;
  if (others !== undefined && !(Array.isArray(others) && others.every((o) => typeof o === "string"))) {
    problems.push({ path: ["others"], message: "`others` is a list of seeded object names" });
  }
  const query = stringField(fields, "query", problems);
  if (query !== undefined && !QUERY.test(query)) {
    problems.push({
      path: ["query"],
      message: "`query` is a path such as `predicate.materials[0].uri` or `predicate.packages.length`",
    });
  }
  const from = fields.from !== undefined ? refField(fields, "from", problems) : undefined;
  const values = {
    platform: platformField(fields, "platform", problems),
    layer: layer as number | "top" | undefined,
    path,
    name: stringField(fields, "name", problems),
    from,
    others: others as string[] | undefined,
    sharing: choiceField(fields, "sharing", ["digest", "configDigest", "layers"] as const, problems),
    predicateType: stringField(fields, "predicateType", problems),
    query,
    extract: regexField(fields, "extract", problems),
  };
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<AnswerCheckSpec>;
}
