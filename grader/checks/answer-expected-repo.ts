import type { Fetched, Manifest } from "../oci/types.js";
import { changeCause, sameImageId } from "./answer-cause.js";
import type { Expected } from "./answer-compare.js";
import { type AnswerCheckSpec, type AnswerField, AnswerSourceError } from "./answer-spec.js";
import { deepEqual } from "./config-field-values.js";
import type { GradeContext } from "./context.js";
import { type LabRef, prefixed } from "./lab-ref.js";

// Expected values that compare objects of a repository: the tags that share a digest, an image ID or the layer
// blobs with a reference (lab 4), and why a copy differs from its source (lab 10).

/** Fields computed from more than one object. */
export const REPO_FIELDS: ReadonlySet<AnswerField> = new Set(["tagsSharing", "changeCause", "sameImageId"]);

const MAX_TAGS = 200;

// The expected value of a repository-level field.
export async function repoExpected(spec: AnswerCheckSpec, ctx: GradeContext, ref: LabRef): Promise<Expected> {
  const object = await fetch(ctx, ref);
  if (spec.field === "tagsSharing")
    return { type: "list", value: await tagsSharing(ctx, ref, object, spec.sharing ?? "digest"), item: "string" };
  const from = spec.from as LabRef;
  const source = await fetch(ctx, from);
  const refs = { sourceRef: from, copyRef: ref };
  if (spec.field === "changeCause") return { type: "token", value: await changeCause(ctx, source, object, refs) };
  return { type: "token", value: await sameImageId(ctx, source, object, refs) };
}

async function fetch(ctx: GradeContext, ref: LabRef): Promise<Fetched<Manifest>> {
  const object = await ctx.manifest(ref);
  if (!object) throw new AnswerSourceError(`\`${ref.text}\` does not exist`);
  return object;
}

// The other tags of the repository whose object shares `sharing` with `object`.
async function tagsSharing(
  ctx: GradeContext,
  ref: LabRef,
  object: Fetched<Manifest>,
  sharing: "digest" | "configDigest" | "layers",
): Promise<string[]> {
  const tags = (await ctx.source.tags(prefixed(ctx.prefix, ref.repository))).filter((t) => t !== ref.reference);
  if (tags.length > MAX_TAGS) throw new AnswerSourceError(`\`${ref.repository}\` has more than ${MAX_TAGS} tags`);
  const found: string[] = [];
  for (const tag of tags) {
    const other = await ctx.manifest({ repository: ref.repository, reference: tag, text: `${ref.repository}:${tag}` });
    if (other && shares(object, other, sharing)) found.push(tag);
  }
  return found;
}

function shares(a: Fetched<Manifest>, b: Fetched<Manifest>, sharing: "digest" | "configDigest" | "layers"): boolean {
  if (sharing === "digest") return a.digest === b.digest;
  if (a.value.kind !== "manifest" || b.value.kind !== "manifest") return false;
  if (sharing === "configDigest") return a.value.config.digest === b.value.config.digest;
  return deepEqual(
    a.value.layers.map((l) => l.digest),
    b.value.layers.map((l) => l.digest),
  );
}
