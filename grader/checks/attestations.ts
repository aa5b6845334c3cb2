import type { Digest } from "../oci/digest.js";
import { isAttestationDescriptor } from "../oci/platform.js";
import type { Descriptor, Fetched, ImageIndex, ImageManifest } from "../oci/types.js";
import type { SeedFact } from "./context.js";
import { shortDigest } from "./describe.js";
import { explainSingleWhereIndex, isFetchedIndex } from "./diagnose-objects-shape.js";
import type { Explanation } from "./explain-digest.js";
import { refField, seedField, unknownFields } from "./fields.js";
import { defineCheck, type FieldProblem } from "./kind.js";
import type { LabRef } from "./lab-ref.js";
import { type CountRule, countRuleField, countSatisfies, countTooLow, describeCountRule } from "./objects-count.js";
import { loadRef, unusableOutcome } from "./objects-load.js";
import { counted } from "./objects-words.js";

/** The BuildKit attestation entries of the index `ref`: counted, the seeded ones, each describing an image of the index. */
export interface AttestationsSpec {
  readonly ref: LabRef;
  readonly rule: CountRule;
  /** The attestation entries must be exactly those of this seeded index. */
  readonly seed?: string;
}

const REFERENCE_DIGEST = "vnd.docker.reference.digest";

// BuildKit stores attestations as index entries with platform unknown/unknown and `vnd.docker.reference.*`
// annotations (buildkit docs/attestations/attestation-storage.md); each must describe an image of the same index.
// https://github.com/moby/buildkit/blob/master/docs/attestations/attestation-storage.md
export const attestations = defineCheck<AttestationsSpec>({
  kind: "attestations",
  summary: "an index keeps (or drops) its BuildKit attestation entries, each describing an image of the same index",
  validate(fields, scope) {
    const problems: FieldProblem[] = [];
    unknownFields(fields, ["ref", "count", "min", "max", "seed"], problems);
    const ref = refField(fields, "ref", problems);
    const rule = countRuleField(fields, problems, false);
    const seed = fields.seed === undefined ? undefined : seedField(fields, "seed", scope, problems);
    if (problems.length > 0 || !ref || !rule) return { problems };
    return { spec: { ref, rule, ...(seed ? { seed } : {}) }, problems };
  },
  async run(spec, ctx) {
    const loaded = await loadRef(ctx, spec.ref);
    if (loaded.state !== "found") return unusableOutcome(spec.ref, loaded, `Publish \`${spec.ref.text}\` first.`);
    const seed = spec.seed ? ctx.seed.get(spec.seed) : undefined;
    if (spec.seed && !seed)
      return { status: "error", summary: `the seeded object "${spec.seed}" is unknown to this grader run` };
    const expected = describeWanted(spec.rule, seed);
    if (!isFetchedIndex(loaded.fetched)) {
      const why = await explainSingleWhereIndex(ctx, spec.ref, loaded.fetched as Fetched<ImageManifest>);
      return {
        status: "fail",
        summary: `\`${spec.ref.text}\` is not an index.`,
        expected,
        actual: "a single image manifest",
        ...why,
      };
    }
    const index = loaded.fetched.value;
    const found = index.manifests.filter(isAttestationDescriptor);
    const actual = counted(found.length, "attestation entry", "attestation entries");
    const why = countProblem(spec.rule, found.length) ?? seedProblem(found, seed) ?? orphanProblem(index, found);
    if (!why)
      return { status: "pass", summary: `\`${spec.ref.text}\` has ${actual}, each describing an image of the index.` };
    return { status: "fail", summary: `\`${spec.ref.text}\` has ${actual}.`, expected, actual, ...why };
  },
});

function describeWanted(rule: CountRule, seed: SeedFact | undefined): string {
  const count = rule.count ?? rule.min ?? rule.max;
  const what = count !== undefined ? `${describeCountRule(rule)} attestation entries` : "attestation entries";
  return `${what}${seed ? ", the original ones" : ""}, each describing an image of the same index`;
}

function countProblem(rule: CountRule, n: number): Explanation | undefined {
  if (countSatisfies(rule, n)) return undefined;
  if (countTooLow(rule, n)) {
    return {
      diagnosis: `The index lists ${counted(n, "attestation entry", "attestation entries")}: the attestations were dropped when the index was re-created (tools that assemble indexes from images list only the images).`,
      hint: "Copy the original index (for example `skopeo copy --all`) instead of re-creating it.",
    };
  }
  return {
    diagnosis: `The index still lists ${counted(n, "attestation entry", "attestation entries")} (platform unknown/unknown, \`vnd.docker.reference.type: attestation-manifest\`).`,
    hint: "Publish a new index whose `manifests` lists only the runnable images; do not delete the attestation manifests, which other tags still reference.",
  };
}

function seedProblem(found: readonly Descriptor[], seed: SeedFact | undefined): Explanation | undefined {
  if (!seed) return undefined;
  const wanted = new Set<Digest>((seed.children ?? []).filter((c) => c.attestation).map((c) => c.digest));
  const have = new Set(found.map((d) => d.digest));
  const missing = [...wanted].filter((d) => !have.has(d)).length;
  const foreign = [...have].filter((d) => !wanted.has(d)).length;
  if (missing === 0 && foreign === 0) return undefined;
  return {
    diagnosis: `${missing} of the original attestation manifests are not listed${foreign > 0 ? `, and ${foreign} listed ones are new (rewritten or rebuilt)` : ""}.`,
    hint: "Copy the original index with its attestation manifests unchanged (no `--format`, no re-created index).",
  };
}

function orphanProblem(index: ImageIndex, found: readonly Descriptor[]): Explanation | undefined {
  const images = new Set(index.manifests.filter((d) => !isAttestationDescriptor(d)).map((d) => d.digest as string));
  const orphan = found.find((d) => !images.has(d.annotations?.[REFERENCE_DIGEST] ?? ""));
  if (!orphan) return undefined;
  const describes = orphan.annotations?.[REFERENCE_DIGEST];
  return {
    diagnosis: describes
      ? `The attestation entry ${shortDigest(orphan.digest)} describes ${shortDigest(describes)}, which is not an image of this index: the image it belongs to was removed or replaced.`
      : `The attestation entry ${shortDigest(orphan.digest)} has no \`${REFERENCE_DIGEST}\` annotation, so no tool can tell which image it describes.`,
    hint: "Keep each attestation entry together with the image it describes (same digest), or leave it out.",
  };
}
