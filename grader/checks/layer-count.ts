import type { Fetched, ImageIndex, ImageManifest, Platform } from "../oci/types.js";
import type { GradeContext } from "./context.js";
import { listWords } from "./describe.js";
import { artifactTypeOf, isArtifactManifest } from "./diagnose-objects-media.js";
import { explainIndexWhereSingle } from "./diagnose-objects-shape.js";
import type { Explanation } from "./explain-digest.js";
import { refField, unknownFields } from "./fields.js";
import { defineCheck, type FieldProblem } from "./kind.js";
import type { LabRef } from "./lab-ref.js";
import { type CountRule, countRuleField, countSatisfies, countTooLow, describeCountRule } from "./objects-count.js";
import { optionalPlatformField } from "./objects-fields.js";
import { loadConfig, loadTarget, unusableOutcome } from "./objects-load.js";
import { counted } from "./objects-words.js";

/** The image `ref` (or its entry for `platform`) has a number of layers. */
export interface LayerCountSpec {
  readonly ref: LabRef;
  readonly platform?: Platform;
  readonly rule: CountRule;
}

// An image's filesystem is its `layers`, bottom first (image-spec manifest.md "layers"); the config's history
// says what made each one (config.md "history").
// https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#image-manifest-property-descriptions
export const layerCount = defineCheck<LayerCountSpec>({
  kind: "layer-count",
  summary: "an image (or an index's image for a platform) has a number of layers",
  validate(fields) {
    const problems: FieldProblem[] = [];
    unknownFields(fields, ["ref", "platform", "count", "min", "max"], problems);
    const ref = refField(fields, "ref", problems);
    const platform = optionalPlatformField(fields, "platform", problems);
    const rule = countRuleField(fields, problems, true);
    if (problems.length > 0 || !ref || !rule) return { problems };
    return { spec: { ref, rule, ...(platform ? { platform } : {}) }, problems };
  },
  async run(spec, ctx) {
    const target = await loadTarget(ctx, spec.ref, spec.platform);
    if (target.state === "missing" || target.state === "invalid")
      return unusableOutcome(spec.ref, target, `Publish \`${spec.ref.text}\` first.`);
    const expected = `${describeCountRule(spec.rule)} layers`;
    if (target.state === "no-target")
      return {
        status: "fail",
        summary: `There is no image to count: ${target.reason}.`,
        expected,
        hint: `Publish \`${spec.ref.text}\` as the task asks.`,
      };
    const { fetched } = target;
    if (fetched.value.kind === "index") {
      return {
        status: "fail",
        summary: `\`${spec.ref.text}\` is an index.`,
        expected,
        actual: "an index",
        ...explainIndexWhereSingle(spec.ref, fetched as Fetched<ImageIndex>),
      };
    }
    const manifest = fetched.value;
    const actual = counted(manifest.layers.length, "layer");
    if (countSatisfies(spec.rule, manifest.layers.length))
      return { status: "pass", summary: `\`${target.ref.text}\` has ${actual}.` };
    const why = await explainCount(ctx, target.ref, manifest, spec.rule);
    return { status: "fail", summary: `\`${target.ref.text}\` has ${actual}.`, expected, actual, ...why };
  },
});

async function explainCount(
  ctx: GradeContext,
  ref: LabRef,
  manifest: ImageManifest,
  rule: CountRule,
): Promise<Explanation> {
  if (isArtifactManifest(manifest)) {
    return {
      diagnosis: `It is an artifact of type \`${artifactTypeOf(manifest)}\`: its layers are files, not filesystem changes.`,
      hint: "Build a runnable image: an image config and tar layers.",
    };
  }
  const made = await layerOrigins(ctx, ref, manifest);
  const origin = made.length > 0 ? ` Its history says they were made by ${listWords(made)}.` : "";
  if (countTooLow(rule, manifest.layers.length)) {
    return {
      diagnosis: `Fewer layers than asked: layers were merged (squashed).${origin}`,
      hint: "Keep each change in its own layer, as the task describes.",
    };
  }
  return {
    diagnosis: `More layers than asked: every filesystem change (each COPY, RUN or added tar) makes one layer.${origin}`,
    hint: "Put the files into as many layers as the task asks (one tar, or one COPY, per layer).",
  };
}

const MAX_ORIGINS = 5;

// The `created_by` of the history entries that made layers (not empty_layer), when the config is readable.
async function layerOrigins(ctx: GradeContext, ref: LabRef, manifest: ImageManifest): Promise<string[]> {
  const loaded = await loadConfig(ctx, ref.repository, manifest);
  if (loaded.state !== "found") return [];
  const history = loaded.config.history ?? [];
  return history
    .filter((h) => h.empty_layer !== true && typeof h.created_by === "string" && h.created_by !== "")
    .slice(0, MAX_ORIGINS)
    .map((h) => `\`${String(h.created_by).slice(0, 80)}\``);
}
