import type { Digest } from "../oci/digest.js";
import { runnablePlatforms } from "../oci/platform.js";
import type { GradeContext } from "./context.js";
import { describeKind, listWords, shortDigest } from "./describe.js";
import { explainPin, type PinTarget, platformsOf, targetOf } from "./diagnose-content-pin.js";
import type { CheckOutcome } from "./kind.js";
import type { PinSpec, WorkspaceFileCheckSpec } from "./workspace-file.js";
import type { FoundReference } from "./workspace-file-refs.js";

// One pin of a workspace-file check: every reference of the file to the pin's repository must carry the digest
// of the expected object (seeded, or what a tag names now), resolve in the registry by that digest, name an index
// when the image is multi-platform, and (with `complete`) have its whole graph in the repository.

// The first problem with `pin` in the file's references; undefined when it holds.
export async function checkPin(
  pin: PinSpec,
  references: readonly FoundReference[],
  spec: WorkspaceFileCheckSpec,
  ctx: GradeContext,
): Promise<CheckOutcome | undefined> {
  const file = `\`${spec.path}\``;
  const mine = references.filter((r) => r.lab?.repository === pin.repository);
  if (mine.length === 0) {
    return {
      status: "fail",
      summary: `${file} has no reference to \`${pin.repository}\` in the lab registry.`,
      hint: `Keep the reference to \`${pin.repository}\` (on the lab registry) in the file.`,
    };
  }
  const target = await expectedTarget(pin, ctx);
  if ("status" in target) return target;
  for (const reference of mine) {
    const digest = reference.parsed?.digest;
    if (!digest) {
      return {
        status: "fail",
        summary: `\`${reference.text}\` (${reference.where}) is not pinned by digest.`,
        hint: "Append `@sha256:<digest>` to the reference.",
      };
    }
    const problem =
      (await wrongDigest(pin, reference, digest, target, ctx)) ??
      (await wrongObject(pin, reference, digest, spec, ctx));
    if (problem) return problem;
  }
  return undefined;
}

async function expectedTarget(pin: PinSpec, ctx: GradeContext): Promise<PinTarget | CheckOutcome> {
  if (pin.seed) {
    const fact = ctx.seed.get(pin.seed);
    if (!fact) return { status: "error", summary: `the seeded object "${pin.seed}" is unknown to this grader run` };
    return {
      digest: fact.digest,
      mediaType: fact.mediaType,
      children: fact.children ?? [],
      ...(fact.configDigest ? { configDigest: fact.configDigest } : {}),
    };
  }
  const ref = pin.ref as NonNullable<PinSpec["ref"]>;
  const object = await ctx.manifest(ref);
  if (!object)
    return {
      status: "fail",
      summary: `\`${ref.text}\` does not exist, so there is nothing to pin yet.`,
      hint: `Publish \`${ref.text}\` first.`,
    };
  return targetOf(ctx, ref, object);
}

async function wrongDigest(
  pin: PinSpec,
  reference: FoundReference,
  digest: Digest,
  target: PinTarget,
  ctx: GradeContext,
): Promise<CheckOutcome | undefined> {
  if (digest === target.digest) return undefined;
  const why = await explainPin(ctx, pin.repository, digest, target);
  return {
    status: "fail",
    summary: `\`${reference.text}\` (${reference.where}) pins another object than ${pin.ref ? `\`${pin.ref.text}\` names` : `the one the task names`}.`,
    expected: `${describeKind(target.mediaType)}: ${pin.ref ? `what \`${pin.ref.text}\` names now` : "the object seeded for this task"}`,
    actual: `digest ${shortDigest(digest)}`,
    diagnosis: why.diagnosis,
    hint: why.hint,
  };
}

async function wrongObject(
  pin: PinSpec,
  reference: FoundReference,
  digest: Digest,
  spec: WorkspaceFileCheckSpec,
  ctx: GradeContext,
): Promise<CheckOutcome | undefined> {
  const ref = { repository: pin.repository, reference: digest, text: `${pin.repository}@${shortDigest(digest)}` };
  const object = await ctx.manifest(ref);
  if (!object) {
    return {
      status: "fail",
      summary: `\`${reference.text}\` (${reference.where}) does not resolve: \`${pin.repository}\` has no manifest with that digest.`,
      hint: "Copy the pinned image into the repository, or pin an object that is there.",
    };
  }
  if (pin.multiPlatform && (object.value.kind !== "index" || runnablePlatforms(object.value).length < 2)) {
    return {
      status: "fail",
      summary: `\`${reference.text}\` (${reference.where}) pins ${describeKind(object.mediaType)}${object.value.kind === "index" ? ` with ${listWords(platformsOf(object)) || "no runnable images"}` : ""}.`,
      expected: "a multi-platform index (or manifest list)",
      actual: describeKind(object.mediaType),
      diagnosis: "Nodes of other architectures cannot run a single-platform pin.",
      hint: "Pin an index that lists every platform.",
    };
  }
  if (!spec.complete) return undefined;
  const graph = await ctx.walk(ref);
  if (graph.problems.length === 0) return undefined;
  return {
    status: "fail",
    summary: `\`${reference.text}\` (${reference.where}) resolves, but ${graph.problems.length} object${graph.problems.length === 1 ? "" : "s"} under it cannot be pulled from \`${pin.repository}\`.`,
    actual: graph.problems
      .slice(0, 3)
      .map((p) => p.message)
      .join("; "),
    diagnosis:
      "A pin only works if everything it references is in the repository: the missing objects make every pull fail.",
    hint: "Repair the graph under the pinned digest (copy the missing child manifests and blobs from the source), without changing the pinned object.",
  };
}
