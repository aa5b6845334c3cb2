import { isWhiteout } from "../oci/tar.js";
import { chainIds } from "./answer-chain.js";
import type { Expected } from "./answer-compare.js";
import { INDEX_FIELDS, indexExpected, seedExpected } from "./answer-expected-index.js";
import { layoutBlobCount } from "./answer-expected-layout.js";
import { REPO_FIELDS, repoExpected } from "./answer-expected-repo.js";
import { type AnswerCheckSpec, AnswerSourceError } from "./answer-spec.js";
import { configValue } from "./config-field-values.js";
import { type ImageView, resolveImage } from "./content-image.js";
import { diffIdOf, layerEntries } from "./content-layers.js";
import { contentOf, findMerged, scanLayer } from "./content-merged.js";
import type { GradeContext } from "./context.js";
import { shortDigest } from "./describe.js";
import type { LabRef } from "./lab-ref.js";

// The value an answer must equal, computed from the registry (or from the seed facts) at grading time, never a
// constant a learner could read in the lab file. A value that cannot be computed (the object is gone) throws an
// AnswerSourceError, which the kind reports as `error`: the answer cannot be judged.

// The registry object an answer reads: `ref`, or the seeded digest in the repository `in` names.
export function objectRef(spec: AnswerCheckSpec, ctx: GradeContext): LabRef | undefined {
  if (!spec.ref) return undefined;
  if (!spec.seed) return spec.ref;
  const fact = ctx.seed.get(spec.seed);
  if (!fact) throw new AnswerSourceError(`the seeded object "${spec.seed}" is unknown to this grader run`);
  return {
    repository: spec.ref.repository,
    reference: fact.digest,
    text: `${spec.ref.text}@${shortDigest(fact.digest)}`,
  };
}

// Computes the expected value of an answer check.
export async function computeExpected(spec: AnswerCheckSpec, ctx: GradeContext): Promise<Expected> {
  const ref = objectRef(spec, ctx);
  if (spec.field === "layoutBlobs") return layoutBlobCount(ctx, spec.path ?? "");
  const value = !ref ? await seedExpected(spec, ctx) : await fromObject(spec, ctx, ref);
  if (!spec.extract || (value.type !== "string" && value.type !== "token")) return value;
  const match = spec.extract.exec(value.value);
  if (!match)
    throw new AnswerSourceError(`the computed ${spec.field} does not match \`extract\` /${spec.extract.source}/`);
  return { type: "string", value: match[1] ?? match[0] };
}

async function fromObject(spec: AnswerCheckSpec, ctx: GradeContext, ref: LabRef): Promise<Expected> {
  const topLevel = !spec.platform && (spec.field === "digest" || spec.field === "mediaType" || spec.field === "size");
  if (INDEX_FIELDS.has(spec.field) || topLevel) return indexExpected(spec, ctx, ref);
  if (REPO_FIELDS.has(spec.field)) return repoExpected(spec, ctx, ref);
  const view = await imageOf(ctx, ref, spec);
  const layers = view.manifest.value.layers;
  const layerIndex = spec.layer === "top" ? layers.length - 1 : (spec.layer ?? 0);
  if ((spec.field === "layerDigest" || spec.field === "diffId" || spec.field === "chainId") && !layers[layerIndex]) {
    throw new AnswerSourceError(`\`${ref.text}\` has no layer ${layerIndex}`);
  }
  const diffIds = async () => Promise.all(layers.map((l) => diffIdOf(ctx, view.repository, l)));
  switch (spec.field) {
    case "mediaType":
      return { type: "string", value: view.manifest.mediaType };
    case "digest":
      return { type: "digest", value: view.manifest.digest };
    case "configDigest":
      return { type: "digest", value: view.manifest.value.config.digest };
    case "size":
      return { type: "number", value: view.manifest.raw.byteLength };
    case "layerCount":
      return { type: "number", value: layers.length };
    case "compressedSize":
      return { type: "number", value: layers.reduce((sum, l) => sum + l.size, 0) };
    case "layerDigests":
      return { type: "list", value: layers.map((l) => l.digest), item: "digest" };
    case "layerDigest":
      return { type: "digest", value: layers[layerIndex]?.digest as string };
    case "diffIds":
      return { type: "list", value: await diffIds(), item: "digest" };
    case "diffId":
      return { type: "digest", value: await diffIdOf(ctx, view.repository, layers[layerIndex] as never) };
    case "chainIds":
      return { type: "list", value: chainIds(await diffIds()), item: "digest" };
    case "chainId":
      return { type: "digest", value: chainIds(await diffIds())[layerIndex] as string };
    case "env":
    case "label": {
      const value = configValue(view.config, {
        text: "",
        field: spec.field === "env" ? "Env" : "Labels",
        key: spec.name ?? "",
      });
      if (typeof value !== "string") throw new AnswerSourceError(`\`${ref.text}\` has no ${spec.field} ${spec.name}`);
      return { type: "string", value };
    }
    default:
      return fileExpected(spec, ctx, view);
  }
}

async function fileExpected(spec: AnswerCheckSpec, ctx: GradeContext, view: ImageView): Promise<Expected> {
  const layers = view.manifest.value.layers;
  const path = spec.path ?? "";
  if (spec.field === "whiteouts") {
    const found: string[] = [];
    for (const layer of layers)
      for await (const e of layerEntries(ctx, view.repository, layer)) if (isWhiteout(e.path)) found.push(e.path);
    return { type: "list", value: found, item: "path" };
  }
  if (spec.field === "fileInRootfs") {
    return { type: "token", value: String((await findMerged(ctx, view.repository, layers, path)).found !== undefined) };
  }
  if (spec.field === "fileLayer") {
    for (let i = layers.length - 1; i >= 0; i--)
      if ((await scanLayer(ctx, view.repository, layers, i, path)).entry) return { type: "number", value: i };
    throw new AnswerSourceError(`no layer of \`${view.ref.text}\` has /${path}`);
  }
  const index = spec.layer === "top" ? layers.length - 1 : spec.layer;
  const finding =
    index === undefined
      ? (await findMerged(ctx, view.repository, layers, path, { withContent: true })).found
      : await scanLayer(ctx, view.repository, layers, index, path, true);
  const content = finding?.entry
    ? await contentOf(ctx, view.repository, layers, { ...finding, entry: finding.entry })
    : undefined;
  if (!content)
    throw new AnswerSourceError(
      `\`${view.ref.text}\` has no file /${path}${index === undefined ? "" : ` in layer ${index}`}`,
    );
  return { type: "string", value: new TextDecoder().decode(content) };
}

async function imageOf(ctx: GradeContext, ref: LabRef, spec: AnswerCheckSpec): Promise<ImageView> {
  const resolved = await resolveImage(ctx, ref, spec.platform);
  if (!resolved.ok) throw new AnswerSourceError(resolved.outcome.summary.replace(/\.$/, ""));
  return resolved.value;
}
