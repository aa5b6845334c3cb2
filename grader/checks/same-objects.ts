import type { Digest } from "../oci/digest.js";
import { shortDigest } from "./describe.js";
import { refAndSeed } from "./fields.js";
import { defineCheck } from "./kind.js";
import type { LabRef } from "./lab-ref.js";

/** The set of objects reachable from `ref` is exactly the set reachable from the seeded object `seed`. */
export interface SameObjectsSpec {
  readonly ref: LabRef;
  readonly seed: string;
}

// Compares reachable digest sets, so a copy that dropped attestations or re-compressed a layer is named precisely.
export const sameObjects = defineCheck<SameObjectsSpec>({
  kind: "same-objects",
  summary: "the objects reachable from a reference are exactly those of a seeded object",
  validate: (fields, scope) => refAndSeed(fields, scope),
  async run(spec, ctx) {
    const expected = ctx.seed.get(spec.seed);
    if (!expected)
      return { status: "error", summary: `the seeded object "${spec.seed}" is unknown to this grader run` };
    if (!(await ctx.manifest(spec.ref))) {
      return {
        status: "fail",
        summary: `\`${spec.ref.text}\` does not exist.`,
        hint: `Copy the source into \`${spec.ref.text}\`.`,
      };
    }
    const graph = await ctx.walk(spec.ref);
    const found = new Set<Digest>(graph.nodes.keys());
    const want = new Set<Digest>(expected.reachable);
    const missing = [...want].filter((d) => !found.has(d));
    const extra = [...found].filter((d) => !want.has(d));
    if (missing.length === 0 && extra.length === 0) {
      return { status: "pass", summary: `\`${spec.ref.text}\` reaches the same ${want.size} objects as the source.` };
    }
    return {
      status: "fail",
      summary: `\`${spec.ref.text}\` reaches ${found.size} objects; ${missing.length} of the source's are absent and ${extra.length} are new.`,
      expected: `the source's ${want.size} objects`,
      actual: describeDifference(missing, extra),
      diagnosis:
        extra.length > 0
          ? "New objects mean something was rewritten on the way (a manifest, a config or a re-compressed layer)."
          : "Objects of the source are not reachable: part of the graph (a platform, an attestation) was left out.",
      hint: "Copy the graph as it is, without choosing a platform or converting a format.",
    };
  },
});

function describeDifference(missing: readonly Digest[], extra: readonly Digest[]): string {
  const parts: string[] = [];
  if (missing.length > 0)
    parts.push(`absent: ${missing.slice(0, 3).map(shortDigest).join(", ")}${missing.length > 3 ? ", …" : ""}`);
  if (extra.length > 0)
    parts.push(`new: ${extra.slice(0, 3).map(shortDigest).join(", ")}${extra.length > 3 ? ", …" : ""}`);
  return parts.join("; ");
}
