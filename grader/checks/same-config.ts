import type { Digest } from "../oci/digest.js";
import type { Fetched, ImageIndex, ImageManifest, Platform } from "../oci/types.js";
import type { GradeContext } from "./context.js";
import { shortDigest } from "./describe.js";
import { seedLayers, seedTarget } from "./diagnose-objects.js";
import { explainIndexWhereSingle } from "./diagnose-objects-shape.js";
import type { Explanation } from "./explain-digest.js";
import { refField, seedField, unknownFields } from "./fields.js";
import { type CheckOutcome, defineCheck, type FieldProblem } from "./kind.js";
import type { LabRef } from "./lab-ref.js";
import { exactlyOneOf, optionalPlatformField, optionalRefField } from "./objects-fields.js";
import { loadConfig, loadTarget, unusableOutcome } from "./objects-load.js";

/** The image `ref` (or its entry for `platform`) has the image ID (config digest) of `other` or a seeded image. */
export interface SameConfigSpec {
  readonly ref: LabRef;
  /** Applies to `ref`, and to `other` when it is an index. */
  readonly platform?: Platform;
  readonly other?: LabRef;
  readonly seed?: string;
  /** With `seed`: the seeded index's entry for this platform. */
  readonly child?: Platform;
}

/** The image compared with: its config digest, its layers, and (for a reference) its config's diff_ids. */
interface Compared {
  readonly configDigest: Digest;
  readonly layers: readonly Digest[];
  readonly diffIds?: readonly Digest[];
}

// The image ID is the digest of the config blob (image-spec config.md "ImageID"); the manifest digest can differ
// while it stays the same (another manifest format, recompressed layers).
// https://github.com/opencontainers/image-spec/blob/v1.1.1/config.md#imageid
export const sameConfig = defineCheck<SameConfigSpec>({
  kind: "same-config",
  summary: "an image has the same image ID (config digest) as another reference or a seeded image",
  validate(fields, scope) {
    const problems: FieldProblem[] = [];
    unknownFields(fields, ["ref", "platform", "other", "seed", "child"], problems);
    const ref = refField(fields, "ref", problems);
    const platform = optionalPlatformField(fields, "platform", problems);
    const which = exactlyOneOf(fields, ["other", "seed"], problems);
    const other = optionalRefField(fields, "other", problems);
    const seed = which === "seed" ? seedField(fields, "seed", scope, problems) : undefined;
    const child = optionalPlatformField(fields, "child", problems);
    if (child && which !== "seed") problems.push({ path: ["child"], message: "`child` names an entry of `seed`" });
    if (problems.length > 0 || !ref) return { problems };
    return {
      spec: {
        ref,
        ...(platform ? { platform } : {}),
        ...(other ? { other } : {}),
        ...(seed ? { seed } : {}),
        ...(child ? { child } : {}),
      },
      problems,
    };
  },
  async run(spec, ctx) {
    const actual = await imageAt(ctx, spec.ref, spec.platform);
    if (!("value" in actual)) return actual;
    const compared = await comparedWith(spec, ctx);
    if ("status" in compared) return compared;
    const id = actual.value.config.digest;
    const found = `image ID ${shortDigest(id)}`;
    if (id === compared.configDigest)
      return { status: "pass", summary: `\`${spec.ref.text}\` has the expected image ID (${shortDigest(id)}).` };
    const why = await explainConfig(ctx, spec.ref, actual.value, compared);
    return {
      status: "fail",
      summary: `\`${spec.ref.text}\` has another image ID.`,
      expected: `image ID ${shortDigest(compared.configDigest)}`,
      actual: found,
      ...why,
    };
  },
});

async function imageAt(
  ctx: GradeContext,
  ref: LabRef,
  platform?: Platform,
): Promise<Fetched<ImageManifest> | CheckOutcome> {
  const target = await loadTarget(ctx, ref, platform);
  if (target.state === "missing" || target.state === "invalid")
    return unusableOutcome(ref, target, `Publish \`${ref.text}\` first.`);
  if (target.state === "no-target")
    return {
      status: "fail",
      summary: `There is no image to compare: ${target.reason}.`,
      hint: `Publish \`${ref.text}\` as the task asks.`,
    };
  if (target.fetched.value.kind === "index") {
    return {
      status: "fail",
      summary: `\`${ref.text}\` is an index.`,
      ...explainIndexWhereSingle(ref, target.fetched as Fetched<ImageIndex>),
    };
  }
  return target.fetched as Fetched<ImageManifest>;
}

async function comparedWith(spec: SameConfigSpec, ctx: GradeContext): Promise<Compared | CheckOutcome> {
  if (spec.other) {
    const other = await imageAt(ctx, spec.other, spec.platform);
    if (!("value" in other)) return { ...other, summary: `The image to compare with: ${other.summary}` };
    const config = await loadConfig(ctx, spec.other.repository, other.value);
    const diffIds = config.state === "found" ? config.config.rootfs?.diff_ids : undefined;
    return {
      configDigest: other.value.config.digest,
      layers: other.value.layers.map((l) => l.digest),
      ...(diffIds ? { diffIds } : {}),
    };
  }
  const target = seedTarget(ctx, spec.seed ?? "", spec.child);
  if (typeof target === "string") return { status: "error", summary: target };
  const { configDigest } = target.fact;
  if (!configDigest)
    return { status: "error", summary: `the seeded object "${spec.seed}" is not an image; name a \`child\`` };
  const layers = target.isChild ? [] : seedLayers(target.fact);
  return { configDigest, layers };
}

async function explainConfig(
  ctx: GradeContext,
  ref: LabRef,
  actual: ImageManifest,
  compared: Compared,
): Promise<Explanation> {
  const hint =
    "Copy the image without converting it, so its config keeps its bytes: the image ID is the digest of the config.";
  const sameLayers =
    compared.layers.length > 0 &&
    actual.layers.every((l, i) => l.digest === compared.layers[i]) &&
    actual.layers.length === compared.layers.length;
  if (sameLayers) {
    return {
      diagnosis:
        "Same layer blobs, another config: the configuration JSON was rewritten (a format conversion rewrites it; so does changing any field, even `created`).",
      hint,
    };
  }
  const config = compared.diffIds ? await loadConfig(ctx, ref.repository, actual) : undefined;
  const diffIds = config?.state === "found" ? config.config.rootfs?.diff_ids : undefined;
  if (diffIds && compared.diffIds && diffIds.join() === compared.diffIds.join()) {
    return {
      diagnosis:
        "The filesystem is the same (equal diff_ids), but the config JSON was rewritten, so the image ID changed.",
      hint,
    };
  }
  return {
    diagnosis: "It is another image: its layers differ too (it was rebuilt, or it is a different build).",
    hint: "Use the image the task names, unchanged.",
  };
}
