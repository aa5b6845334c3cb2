import type { Platform } from "../oci/types.js";
import {
  CONFIG_FIELDS,
  type ConfigAssertion,
  type ConfigFieldName,
  configValue,
  holds,
  parseConfigField,
  showValue,
} from "./config-field-values.js";
import { booleanField, integerField, platformField, regexField } from "./content-fields.js";
import { contentProblem, type ImageView, platformNote, resolveImage } from "./content-image.js";
import type { GradeContext } from "./context.js";
import { explainConfigField } from "./diagnose-content-config.js";
import { diffIdsProblem } from "./diagnose-content-diffids.js";
import { refField, unknownFields } from "./fields.js";
import { type CheckOutcome, defineCheck, type FieldProblem } from "./kind.js";
import type { LabRef } from "./lab-ref.js";

/** One field of an image configuration and what it must be. */
export interface ConfigFieldSpec {
  readonly ref: LabRef;
  readonly platform?: Platform;
  readonly field: ConfigFieldName;
  readonly assertion: ConfigAssertion;
}

const OPS = ["equals", "contains", "matches", "absent", "present", "length", "matchesLayers"] as const;

// The config carries the runtime defaults and rootfs.diff_ids; it belongs to the image as a whole.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/config.md#properties
export const configField = defineCheck<ConfigFieldSpec>({
  kind: "config-field",
  summary: "a field of an image's configuration (Env, Cmd, Labels, User, os, history, rootfs.diff_ids, …)",
  validate(fields) {
    const problems: FieldProblem[] = [];
    unknownFields(fields, ["ref", "platform", "field", ...OPS], problems);
    const ref = refField(fields, "ref", problems);
    const platform = platformField(fields, "platform", problems);
    const field = typeof fields.field === "string" ? parseConfigField(fields.field) : undefined;
    if (!field) {
      problems.push({
        path: ["field"],
        message: `\`field\` is one of ${CONFIG_FIELDS.join(", ")}, Env.NAME or Labels.KEY`,
      });
    }
    const assertion = readAssertion(fields, problems);
    if (assertion?.op === "matchesLayers" && field?.field !== "rootfs.diff_ids") {
      problems.push({ path: ["matchesLayers"], message: "`matchesLayers` applies to `field: rootfs.diff_ids`" });
    }
    if (!ref || !field || !assertion || problems.length > 0) return { problems };
    return { spec: { ref, field, assertion, ...(platform ? { platform } : {}) }, problems };
  },
  async run(spec, ctx) {
    const resolved = await resolveImage(ctx, spec.ref, spec.platform);
    if (!resolved.ok) return resolved.outcome;
    const view = resolved.value;
    if (spec.assertion.op === "matchesLayers") return matchLayers(spec, ctx, view);
    const actual = configValue(view.config, spec.field);
    const where = `\`${spec.field.text}\` of \`${spec.ref.text}\``;
    if (holds(spec.assertion, actual)) return { status: "pass", summary: `${where} ${describe(spec.assertion)}.` };
    const why = explainConfigField(spec.field, spec.assertion, view.config, view.manifest.value.annotations);
    const diagnosis = [why?.diagnosis, platformNote(view)].filter(Boolean).join(" ");
    return {
      status: "fail",
      summary: `${where} is ${showValue(actual)}.`,
      expected: describe(spec.assertion),
      actual: showValue(actual),
      ...(diagnosis ? { diagnosis } : {}),
      hint: why?.hint ?? `Set \`${spec.field.text}\` in the image configuration as the task asks.`,
    };
  },
});

function readAssertion(
  fields: Readonly<Record<string, unknown>>,
  problems: FieldProblem[],
): ConfigAssertion | undefined {
  const given = OPS.filter((op) => fields[op] !== undefined);
  if (given.length !== 1) {
    problems.push({ path: [given[1] ?? "field"], message: `give exactly one of ${OPS.join(", ")}` });
    return undefined;
  }
  const op = given[0] as (typeof OPS)[number];
  if (op === "equals" || op === "contains") return { op, value: fields[op] };
  if (op === "matches") {
    const value = regexField(fields, op, problems);
    return value ? { op, value } : undefined;
  }
  if (op === "length") {
    const value = integerField(fields, op, problems, 0, 1_000_000);
    return value === undefined ? undefined : { op, value };
  }
  if (booleanField(fields, op, problems) !== true) {
    problems.push({ path: [op], message: `\`${op}\` takes the value true` });
    return undefined;
  }
  return { op };
}

function describe(assertion: ConfigAssertion): string {
  switch (assertion.op) {
    case "equals":
      return `equals ${showValue(assertion.value)}`;
    case "contains":
      return `contains ${showValue(assertion.value)}`;
    case "matches":
      return `matches /${assertion.value.source}/`;
    case "absent":
      return "is absent";
    case "present":
      return "is set";
    case "length":
      return `has ${assertion.value} item${assertion.value === 1 ? "" : "s"}`;
    case "matchesLayers":
      return "lists the DiffID of every layer, in order";
  }
}

// rootfs.diff_ids[i] must be the sha256 of layer i uncompressed (image-spec config.md "rootfs").
async function matchLayers(spec: ConfigFieldSpec, ctx: GradeContext, view: ImageView): Promise<CheckOutcome> {
  try {
    const problem = await diffIdsProblem(ctx, view);
    if (!problem)
      return { status: "pass", summary: `\`rootfs.diff_ids\` of \`${spec.ref.text}\` ${describe(spec.assertion)}.` };
    return {
      status: "fail",
      summary: `\`rootfs.diff_ids\` of \`${spec.ref.text}\` ${problem.summary}.`,
      ...problem.details,
    };
  } catch (error) {
    const reason = contentProblem(error);
    if (reason === undefined) throw error;
    return {
      status: "fail",
      summary: `A layer of \`${spec.ref.text}\` cannot be read: ${reason}.`,
      hint: "Push layers that are valid tar archives.",
    };
  }
}
