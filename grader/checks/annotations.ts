import type { Descriptor, Platform } from "../oci/types.js";
import type { GradeContext } from "./context.js";
import { describePlatform } from "./describe.js";
import {
  type AnnotationRules,
  describeRules,
  explainAnnotations,
  isCleanAnnotations,
  reviewAnnotations,
} from "./diagnose-objects-annotations.js";
import { refField, unknownFields } from "./fields.js";
import { type CheckOutcome, defineCheck, type FieldProblem } from "./kind.js";
import type { LabRef } from "./lab-ref.js";
import {
  compilePattern,
  enumField,
  optionalIntegerField,
  optionalPlatformField,
  optionalStringListField,
  optionalStringMapField,
} from "./objects-fields.js";
import { entriesFor, loadTarget, unusableOutcome } from "./objects-load.js";

/** Whose annotations: the object itself, an index entry's descriptor, the config descriptor, or a layer descriptor. */
export type AnnotationTarget = "object" | "entry" | "config" | "layer";

/** The annotations of an object or descriptor under `ref` follow the rules. */
export interface AnnotationsSpec extends AnnotationRules {
  readonly ref: LabRef;
  readonly target: AnnotationTarget;
  /** For `object`, `config`, `layer`: read the index entry's image for this platform; for `entry`: which entry. */
  readonly platform?: Platform;
  readonly layer?: number;
}

const TARGETS: readonly AnnotationTarget[] = ["object", "entry", "config", "layer"];

// Annotations live on manifests, indexes and descriptors (image-spec annotations.md); tools that re-create an
// object often drop them, and a Docker manifest list cannot hold them.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/annotations.md
export const annotations = defineCheck<AnnotationsSpec>({
  kind: "annotations",
  summary: "annotations of an index, manifest or descriptor have given values, are present, absent or match a pattern",
  validate(fields) {
    const problems: FieldProblem[] = [];
    unknownFields(fields, ["ref", "target", "platform", "layer", "equals", "present", "absent", "matches"], problems);
    const ref = refField(fields, "ref", problems);
    const target = enumField(fields, "target", TARGETS, problems, "object");
    const platform = optionalPlatformField(fields, "platform", problems);
    const layer = optionalIntegerField(fields, "layer", problems, 0, 10_000);
    if (target === "entry" && !platform)
      problems.push({ path: ["platform"], message: "`target: entry` needs `platform`" });
    if ((target === "layer") !== (layer !== undefined))
      problems.push({ path: ["layer"], message: "`layer` goes with `target: layer`" });
    const rules = rulesField(fields, problems);
    if (problems.length > 0 || !ref || !target || !rules) return { problems };
    return {
      spec: { ref, target, ...rules, ...(platform ? { platform } : {}), ...(layer === undefined ? {} : { layer }) },
      problems,
    };
  },
  async run(spec, ctx) {
    const found = await annotationsOf(spec, ctx);
    if ("status" in found) return found;
    const where = `${found.what} of \`${spec.ref.text}\``;
    const review = reviewAnnotations(found.map, spec);
    if (isCleanAnnotations(review)) return { status: "pass", summary: `The ${where} has the annotations asked for.` };
    return {
      status: "fail",
      summary: `The ${where} does not have the annotations asked for.`,
      expected: describeRules(spec),
      actual:
        found.map && Object.keys(found.map).length > 0
          ? Object.keys(found.map)
              .map((k) => `\`${k}\``)
              .join(", ")
          : "no annotations",
      ...explainAnnotations(review, found.map, found.mediaType),
    };
  },
});

function rulesField(fields: Readonly<Record<string, unknown>>, problems: FieldProblem[]): AnnotationRules | undefined {
  const before = problems.length;
  const equals = optionalStringMapField(fields, "equals", problems);
  const present = optionalStringListField(fields, "present", problems);
  const absent = optionalStringListField(fields, "absent", problems);
  const patterns = optionalStringMapField(fields, "matches", problems);
  const matches = patterns
    ? Object.fromEntries(
        Object.entries(patterns).map(([k, v]) => [k, compilePattern(v, ["matches", k], problems) ?? /$^/]),
      )
    : undefined;
  if (!equals && !present && !absent && !matches && problems.length === before) {
    problems.push({ path: [], message: "give at least one of `equals`, `present`, `absent`, `matches`" });
  }
  if (problems.length > before) return undefined;
  return {
    ...(equals ? { equals } : {}),
    ...(present ? { present } : {}),
    ...(absent ? { absent } : {}),
    ...(matches ? { matches } : {}),
  };
}

interface Found {
  readonly map: Readonly<Record<string, string>> | undefined;
  readonly what: string;
  /** Media type of the object holding the annotations (for objects), to recognise a Docker list. */
  readonly mediaType?: string;
}

async function annotationsOf(spec: AnnotationsSpec, ctx: GradeContext): Promise<Found | CheckOutcome> {
  const target = await loadTarget(ctx, spec.ref, spec.target === "entry" ? undefined : spec.platform);
  if (target.state === "missing" || target.state === "invalid")
    return unusableOutcome(spec.ref, target, `Publish \`${spec.ref.text}\` first.`);
  if (target.state === "no-target") return noTarget(spec, target.reason);
  const { value, mediaType } = target.fetched;
  const prefix = spec.platform ? `${describePlatform(spec.platform)} ` : "";
  if (spec.target === "object")
    return { map: value.annotations, what: `${prefix}${value.kind === "index" ? "index" : "manifest"}`, mediaType };
  if (spec.target === "entry") {
    if (value.kind !== "index") return noTarget(spec, `\`${spec.ref.text}\` is not an index, so it has no entries`);
    const entries = entriesFor(value, spec.platform as Platform);
    if (entries.length !== 1)
      return noTarget(
        spec,
        `\`${spec.ref.text}\` has ${entries.length} entries for ${describePlatform(spec.platform)}`,
      );
    return { map: (entries[0] as Descriptor).annotations, what: `${prefix}entry` };
  }
  if (value.kind !== "manifest")
    return noTarget(spec, `\`${spec.ref.text}\` is an index; name a \`platform\` to read one image's ${spec.target}`);
  const descriptor = spec.target === "config" ? value.config : value.layers[spec.layer ?? 0];
  if (!descriptor)
    return noTarget(spec, `the image has ${value.layers.length} layers, so there is no layer ${spec.layer}`);
  return {
    map: descriptor.annotations,
    what: spec.target === "config" ? `${prefix}config descriptor` : `${prefix}layer ${spec.layer} descriptor`,
  };
}

function noTarget(spec: AnnotationsSpec, reason: string): CheckOutcome {
  return {
    status: "fail",
    summary: `There is nothing to read annotations from: ${reason}.`,
    expected: describeRules(spec),
    hint: `Publish \`${spec.ref.text}\` with the shape the task asks for.`,
  };
}
