import { type Digest, isDigest } from "../oci/digest.js";
import type { Platform } from "../oci/types.js";
import { seedTarget } from "./diagnose-objects.js";
import { listTags, tagsPointingAt } from "./diagnose-objects-tags.js";
import { refField, seedField, unknownFields } from "./fields.js";
import { defineCheck, type FieldProblem } from "./kind.js";
import { prefixed } from "./lab-ref.js";
import { exactlyOneOf, optionalPlatformField, repositoryField } from "./objects-fields.js";

/** A manifest, named by a seeded object (or one entry of it) or by `repo@digest`, is not retrievable from a repository. */
export interface ManifestAbsentSpec {
  readonly repository: string;
  readonly seed?: string;
  readonly child?: Platform;
  readonly digest?: Digest;
}

// Absence is registry state (distribution-spec "Deleting Manifests"); a submission bundle cannot prove it.
// https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#deleting-manifests
export const manifestAbsent = defineCheck<ManifestAbsentSpec>({
  kind: "manifest-absent",
  summary: "a manifest (a seeded object, or repo@digest) can no longer be pulled by digest from a repository",
  gradableFromBundle: false,
  validate(fields, scope) {
    const problems: FieldProblem[] = [];
    unknownFields(fields, ["repository", "seed", "child", "ref"], problems);
    const which = exactlyOneOf(fields, ["seed", "ref"], problems);
    if (which === "ref") {
      const ref = refField(fields, "ref", problems);
      if (fields.repository !== undefined)
        problems.push({ path: ["repository"], message: "`ref` already names the repository" });
      if (ref && !isDigest(ref.reference))
        problems.push({ path: ["ref"], message: "`ref` must name a digest (repo@sha256:…); for a tag use tag-absent" });
      return problems.length > 0 || !ref
        ? { problems }
        : { spec: { repository: ref.repository, digest: ref.reference as Digest }, problems };
    }
    const repository = repositoryField(fields, "repository", problems);
    const seed = which === "seed" ? seedField(fields, "seed", scope, problems) : undefined;
    const child = optionalPlatformField(fields, "child", problems);
    if (problems.length > 0 || !repository || !seed) return { problems };
    return { spec: { repository, seed, ...(child ? { child } : {}) }, problems };
  },
  async run(spec, ctx) {
    const target = spec.seed ? seedTarget(ctx, spec.seed, spec.child) : undefined;
    if (typeof target === "string") return { status: "error", summary: target };
    const digest = (target?.fact.digest ?? spec.digest) as Digest;
    if (!(await ctx.source.manifestExists(prefixed(ctx.prefix, spec.repository), digest))) {
      return { status: "pass", summary: `The manifest can no longer be pulled from \`${spec.repository}\`.` };
    }
    const tags = await tagsPointingAt(ctx, spec.repository, digest);
    return {
      status: "fail",
      summary: `The manifest can still be pulled by digest from \`${spec.repository}\`.`,
      expected: "no such manifest",
      actual: tags.length > 0 ? `still tagged ${listTags(tags)}` : "untagged, but retrievable by digest",
      diagnosis:
        tags.length > 0
          ? `It is still tagged ${listTags(tags)}: it was not deleted.`
          : "No tag points at it any more, but removing or overwriting a tag does not delete the manifest: anyone with its digest can still pull it.",
      hint: "Delete the manifest by digest (`DELETE /v2/<name>/manifests/<digest>`, or `skopeo delete docker://…@<digest>`).",
    };
  },
});
