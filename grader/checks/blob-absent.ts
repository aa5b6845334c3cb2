import type { Digest } from "../oci/digest.js";
import type { GradeContext, SeedFact } from "./context.js";
import { listWords } from "./describe.js";
import { seedLayers, uniqueBlobs } from "./diagnose-objects.js";
import { seedField, unknownFields } from "./fields.js";
import { defineCheck, type FieldProblem } from "./kind.js";
import { prefixed } from "./lab-ref.js";
import { repositoryField } from "./objects-fields.js";
import { capitalise } from "./objects-words.js";

/** Which blobs of a seeded image: its config, one layer (0 = bottom), or those no other seeded object uses. */
export type BlobChoice = "config" | "unique" | number;

/** The chosen blobs of a seeded object are not retrievable from a repository. */
export interface BlobAbsentSpec {
  readonly repository: string;
  readonly seed: string;
  readonly blob: BlobChoice;
}

// Blob deletion is registry state (distribution-spec "Deleting Blobs": a blob is unlinked per repository);
// a submission bundle cannot prove it. Messages name blobs by role, never by digest (they may be answers).
// https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#deleting-blobs
export const blobAbsent = defineCheck<BlobAbsentSpec>({
  kind: "blob-absent",
  summary:
    "blobs of a seeded object (its config, a layer, or those nothing else uses) can no longer be pulled from a repository",
  gradableFromBundle: false,
  validate(fields, scope) {
    const problems: FieldProblem[] = [];
    unknownFields(fields, ["repository", "seed", "blob"], problems);
    const repository = repositoryField(fields, "repository", problems);
    const seed = seedField(fields, "seed", scope, problems);
    const blob = fields.blob;
    const valid =
      blob === "config" || blob === "unique" || (typeof blob === "number" && Number.isSafeInteger(blob) && blob >= 0);
    if (!valid)
      problems.push({ path: ["blob"], message: "`blob` is `config`, `unique`, or a layer number (0 = bottom)" });
    if (problems.length > 0 || !repository || !seed) return { problems };
    return { spec: { repository, seed, blob: blob as BlobChoice }, problems };
  },
  async run(spec, ctx) {
    const fact = ctx.seed.get(spec.seed);
    if (!fact) return { status: "error", summary: `the seeded object "${spec.seed}" is unknown to this grader run` };
    const chosen = chooseBlobs(ctx, fact, spec.blob);
    if (typeof chosen === "string") return { status: "error", summary: chosen };
    const repository = prefixed(ctx.prefix, spec.repository);
    const present: string[] = [];
    for (const [digest, role] of chosen) if (await ctx.source.blobExists(repository, digest)) present.push(role);
    const all = listWords([...chosen.values()]);
    if (present.length === 0)
      return { status: "pass", summary: `${capitalise(all)} can no longer be pulled from \`${spec.repository}\`.` };
    const manifestGone = !(await ctx.source.manifestExists(repository, fact.digest));
    return {
      status: "fail",
      summary: `${capitalise(listWords(present))} can still be pulled by digest from \`${spec.repository}\`.`,
      expected: `${all}: not retrievable`,
      actual: `still retrievable: ${listWords(present)}`,
      diagnosis: manifestGone
        ? "The manifest is gone, but deleting a manifest (or a tag) does not delete the blobs it referenced: they stay pullable by digest."
        : "The manifest that references these blobs is still there too.",
      hint: "Delete each such blob by digest (`DELETE /v2/<name>/blobs/<digest>`), but only blobs that no other tag's image uses.",
    };
  },
});

// The chosen blobs by digest, each with its role in words ("the config", "layer 2"); a message when impossible.
function chooseBlobs(ctx: GradeContext, fact: SeedFact, choice: BlobChoice): Map<Digest, string> | string {
  const layers = seedLayers(fact);
  const roleOf = (d: Digest) => (d === fact.configDigest ? "the config" : `layer ${layers.indexOf(d)}`);
  if (!fact.configDigest || fact.children) return `the seeded object "${fact.name}" is not an image`;
  if (choice === "config") return new Map([[fact.configDigest, "the config"]]);
  if (choice === "unique") {
    const unique = uniqueBlobs(ctx.seed, fact);
    if (unique.length === 0)
      return `every blob of the seeded image "${fact.name}" is shared with another seeded object`;
    return new Map(unique.map((d) => [d, roleOf(d)]));
  }
  const layer = layers[choice];
  if (!layer) return `the seeded image "${fact.name}" has ${layers.length} layers, so there is no layer ${choice}`;
  return new Map([[layer, `layer ${choice}`]]);
}
