import { listWords } from "./describe.js";
import { adviceFor, collectLies } from "./diagnose-objects-lies.js";
import { refField, unknownFields } from "./fields.js";
import { defineCheck, type FieldProblem } from "./kind.js";
import type { LabRef } from "./lab-ref.js";
import { booleanField } from "./objects-fields.js";
import { loadRef, unusableOutcome } from "./objects-load.js";
import { capitalise, counted } from "./objects-words.js";

/** Every descriptor under `ref` tells the truth about what it points at. */
export interface DescriptorsTruthfulSpec {
  readonly ref: LabRef;
  /** Entries must state the variant their config states (linux/arm/v7, not linux/arm). */
  readonly explicitVariant: boolean;
  /** Also verify rootfs.diff_ids against the uncompressed layers (streams every layer once more). */
  readonly diffIds: boolean;
}

// Descriptors (image-spec descriptor.md) must match their target's digest, size and media type; index entries'
// platforms must match the child's config (image-index.md); registries store lies unchecked, clients trust them.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#properties
// https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md#image-index-property-descriptions
export const descriptorsTruthful = defineCheck<DescriptorsTruthfulSpec>({
  kind: "descriptors-truthful",
  summary: "every descriptor under a reference tells the truth: size, digest, media type, platform (and diff_ids)",
  validate(fields) {
    const problems: FieldProblem[] = [];
    unknownFields(fields, ["ref", "explicitVariant", "diffIds"], problems);
    const ref = refField(fields, "ref", problems);
    const explicitVariant = booleanField(fields, "explicitVariant", problems, false);
    const diffIds = booleanField(fields, "diffIds", problems, false);
    if (problems.length > 0 || !ref) return { problems };
    return { spec: { ref, explicitVariant, diffIds }, problems };
  },
  async run(spec, ctx) {
    const loaded = await loadRef(ctx, spec.ref);
    if (loaded.state !== "found") return unusableOutcome(spec.ref, loaded, `Publish \`${spec.ref.text}\` first.`);
    const graph = await ctx.walk(spec.ref);
    const limit = graph.problems.find((p) => p.kind === "limit");
    if (limit)
      return { status: "error", summary: `the graph of \`${spec.ref.text}\` is too large to check: ${limit.message}` };
    const lies = await collectLies(ctx, spec.ref.repository, graph, spec);
    const what = spec.diffIds
      ? "sizes, digests, media types, platforms and diff_ids"
      : "sizes, digests, media types and platforms";
    if (lies.length === 0) {
      return {
        status: "pass",
        summary: `All ${graph.nodes.size} objects under \`${spec.ref.text}\` match their descriptors (${what}).`,
      };
    }
    const first = lies[0] as (typeof lies)[number];
    const more = lies.length > 3 ? ` (and ${lies.length - 3} more)` : "";
    const kinds = [...new Set(lies.map((l) => l.kind))];
    return {
      status: "fail",
      summary: `${counted(lies.length, "descriptor")} under \`${spec.ref.text}\` ${lies.length === 1 ? "does" : "do"} not tell the truth.`,
      expected: `every descriptor truthful (${what})`,
      actual: `${listWords(lies.slice(0, 3).map((l) => l.message))}${more}`,
      diagnosis: `${capitalise(first.message)}.`,
      hint: kinds.map(adviceFor).join(" "),
    };
  },
});
