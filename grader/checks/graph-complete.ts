import { listWords, shortDigest } from "./describe.js";
import { refField, unknownFields } from "./fields.js";
import { defineCheck, type FieldProblem } from "./kind.js";
import type { LabRef } from "./lab-ref.js";

/** Everything reachable from `ref` can be pulled from `ref`'s own repository, and hashes to its digest. */
export interface GraphCompleteSpec {
  readonly ref: LabRef;
}

// A pull by digest from one repository needs every child and blob in that repository (distribution-spec "Pull").
export const graphComplete = defineCheck<GraphCompleteSpec>({
  kind: "graph-complete",
  summary:
    "every manifest, config and layer reachable from a reference is retrievable from its repository and verified",
  validate(fields) {
    const problems: FieldProblem[] = [];
    unknownFields(fields, ["ref"], problems);
    const ref = refField(fields, "ref", problems);
    return { spec: ref ? { ref } : undefined, problems };
  },
  async run(spec, ctx) {
    if (!(await ctx.manifest(spec.ref))) {
      return {
        status: "fail",
        summary: `\`${spec.ref.text}\` does not exist.`,
        hint: `Push or copy \`${spec.ref.text}\` first.`,
      };
    }
    const graph = await ctx.walk(spec.ref);
    const limit = graph.problems.find((p) => p.kind === "limit");
    if (limit)
      return { status: "error", summary: `the graph of \`${spec.ref.text}\` is too large to check: ${limit.message}` };
    if (graph.problems.length === 0) {
      return {
        status: "pass",
        summary: `all ${graph.nodes.size} objects under \`${spec.ref.text}\` are in \`${spec.ref.repository}\` and verified.`,
      };
    }
    const missing = graph.problems.filter((p) => p.kind === "missing");
    const seededTag = `${spec.ref.repository}:${spec.ref.reference}`;
    const seeded = [...ctx.seed.values()].find((f) => f.digest === graph.root && f.tags?.includes(seededTag));
    if (
      seeded &&
      missing.length === graph.problems.length &&
      missing.every((p) => p.digest !== undefined && seeded.reachable.includes(p.digest))
    )
      return deletedFromSeed(
        spec.ref,
        missing.length,
        graph.problems.map((p) => p.message),
      );
    const shown = graph.problems.slice(0, 3).map((p) => p.message);
    const more = graph.problems.length > 3 ? ` (and ${graph.problems.length - 3} more)` : "";
    return {
      status: "fail",
      summary: `${graph.problems.length} of the objects under \`${spec.ref.text}\` cannot be pulled from \`${spec.ref.repository}\`.`,
      expected: `every object under ${shortDigest(graph.root ?? "")} retrievable and verified`,
      actual: `${listWords(shown)}${more}`,
      diagnosis:
        missing.length > 0
          ? `The top object is there, but ${missing.length} of the objects it references are not in \`${spec.ref.repository}\`.`
          : "Some objects do not match the descriptors that point at them.",
      hint: "Copy the whole graph (blobs first, then child manifests, then the index), all into the same repository.",
    };
  },
});

// The tag still names the seeded object, but objects it references were deleted: deletion, not an incomplete copy.
function deletedFromSeed(ref: LabRef, count: number, messages: readonly string[]) {
  return {
    status: "fail" as const,
    summary: `${count} of the objects under \`${ref.text}\` cannot be pulled from \`${ref.repository}\`.`,
    actual: `${listWords(messages.slice(0, 3))}${messages.length > 3 ? ` (and ${messages.length - 3} more)` : ""}`,
    diagnosis: `\`${ref.text}\` still names the object the lab seeded, but ${count} of the objects it references were deleted from \`${ref.repository}\`: whatever still references them is broken now.`,
    hint: "Deleting a manifest or blob that another tag still references breaks that tag. Put them back by copying them again from a source that has them (blobs first, then child manifests), or with `labs reset`; change what you publish instead of deleting what exists.",
  };
}
