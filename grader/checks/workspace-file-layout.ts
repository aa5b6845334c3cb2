import { OciFormatError } from "../oci/format-error.js";
import type { Descriptor, ImageIndex } from "../oci/types.js";
import { walkGraph } from "../oci/walk.js";
import type { GradeContext } from "./context.js";
import { describeKind, listWords, shortDigest } from "./describe.js";
import { type PinTarget, targetOf } from "./diagnose-content-pin.js";
import type { WorkspaceReader } from "./inputs.js";
import type { CheckOutcome } from "./kind.js";
import { descriptorsNamed, layoutMarkerProblem, parseLayoutIndex, REF_NAME_ANNOTATION } from "./parse-oci-layout.js";
import type { LayoutRefSpec, WorkspaceFileCheckSpec } from "./workspace-file.js";
import { createLayoutSource } from "./workspace-file-layout-source.js";

// An OCI image layout written by the learner (image-spec image-layout.md): the `oci-layout` marker, `index.json`,
// each expected ref name on exactly one descriptor naming the expected object with its media type, and every blob
// reachable from it present under `blobs/` and hashing to its name (walked like a registry, nothing extracted).

const MARKER_BYTES = 64 * 1024;

// Checks the layout at spec.path.
export async function checkLayout(
  spec: WorkspaceFileCheckSpec,
  ctx: GradeContext,
  workspace: WorkspaceReader,
): Promise<CheckOutcome> {
  const dir = spec.path;
  const marker = await workspace.read(`${dir}/oci-layout`, MARKER_BYTES);
  if (!marker) return noMarker(dir, workspace);
  const markerProblem = layoutMarkerProblem(marker);
  if (markerProblem)
    return {
      status: "fail",
      summary: `\`${dir}/oci-layout\` is not a layout marker: ${markerProblem}.`,
      hint: 'Write `{"imageLayoutVersion": "1.0.0"}` into it.',
    };
  const raw = await workspace.read(`${dir}/index.json`, ctx.limits.maxManifestBytes);
  if (!raw)
    return {
      status: "fail",
      summary: `\`${dir}\` has no \`index.json\`.`,
      hint: "A layout's entry point is index.json: write the layout with `skopeo copy … oci:DIR:TAG`.",
    };
  let index: ImageIndex;
  try {
    index = parseLayoutIndex(raw);
  } catch (error) {
    if (!(error instanceof OciFormatError)) throw error;
    return {
      status: "fail",
      summary: `\`${dir}/index.json\` is not an image index: ${error.message}.`,
      hint: "index.json must be an OCI image index (schemaVersion 2, a `manifests` array).",
    };
  }
  const mediaTypes = new Map(index.manifests.map((d) => [d.digest as string, d.mediaType]));
  for (const ref of spec.refs) {
    const outcome = await checkRef(ref, index, dir, ctx, workspace, mediaTypes);
    if (outcome) return outcome;
  }
  const names = listWords(spec.refs.map((r) => `\`${r.name}\``));
  return {
    status: "pass",
    summary: `\`${dir}\` is an OCI image layout whose ${names} name the expected objects, every blob present and verified.`,
  };
}

async function noMarker(dir: string, workspace: WorkspaceReader): Promise<CheckOutcome> {
  const legacy = await workspace.read(`${dir}/manifest.json`, MARKER_BYTES);
  return {
    status: "fail",
    summary: `\`${dir}\` is not an OCI image layout: it has no \`oci-layout\` file.`,
    ...(legacy
      ? {
          diagnosis:
            "It has a `manifest.json`: that is the legacy Docker archive `docker save` writes (Docker before 25), not an OCI layout.",
        }
      : {}),
    hint: "Write the layout with `skopeo copy docker://… oci:DIR:TAG` (add `--all` for every platform of an index).",
  };
}

async function checkRef(
  ref: LayoutRefSpec,
  index: ImageIndex,
  dir: string,
  ctx: GradeContext,
  workspace: WorkspaceReader,
  mediaTypes: Map<string, string>,
): Promise<CheckOutcome | undefined> {
  const target = await expected(ref, ctx);
  if ("status" in target) return target;
  const named = descriptorsNamed(index, ref.name);
  if (named.length !== 1) return badNames(ref, index, dir, named, target);
  const descriptor = named[0] as Descriptor;
  const where = `The \`${ref.name}\` entry of \`${dir}/index.json\``;
  if (descriptor.digest !== target.digest) {
    const child = target.children.find((c) => c.digest === descriptor.digest && !c.attestation);
    return {
      status: "fail",
      summary: `${where} names another object than expected.`,
      expected: describeKind(target.mediaType),
      actual: `${describeKind(descriptor.mediaType)} with digest ${shortDigest(descriptor.digest)}`,
      diagnosis: child
        ? "It names one platform's image from inside the index: only that platform was copied."
        : "Its digest differs: the object was converted or re-serialised on the way, and new bytes mean a new digest.",
      hint: child
        ? "Copy the whole index (`skopeo copy --all`)."
        : "Copy the objects byte for byte, without `--format` or a re-encoding tool.",
    };
  }
  if (descriptor.mediaType !== target.mediaType) {
    return {
      status: "fail",
      summary: `${where} has the media type ${descriptor.mediaType}.`,
      expected: target.mediaType,
      actual: descriptor.mediaType,
      hint: "A descriptor's mediaType must be the one of the object it names.",
    };
  }
  const graph = await walkGraph(createLayoutSource(workspace, dir, ctx.limits, mediaTypes), dir, descriptor.digest, {
    limits: ctx.limits,
    deadline: ctx.deadline,
    verifyBlobs: true,
  });
  const root = graph.nodes.get(descriptor.digest);
  const problems = [
    ...(root && root.size !== descriptor.size
      ? [`its descriptor says ${descriptor.size} bytes, the blob has ${root.size}`]
      : []),
    ...graph.problems.map((p) => p.message),
  ];
  if (problems.length === 0) return undefined;
  return {
    status: "fail",
    summary: `${where} is right, but ${problems.length} of the objects under it are missing or wrong in \`${dir}/blobs\`.`,
    actual: problems.slice(0, 3).join("; ") + (problems.length > 3 ? "; …" : ""),
    hint: "Every blob the ref reaches (child manifests, configs, layers, attestations) must be in `blobs/sha256/` under its digest.",
  };
}

async function expected(ref: LayoutRefSpec, ctx: GradeContext): Promise<PinTarget | CheckOutcome> {
  if (ref.seed) {
    const fact = ctx.seed.get(ref.seed);
    if (!fact) return { status: "error", summary: `the seeded object "${ref.seed}" is unknown to this grader run` };
    return { digest: fact.digest, mediaType: fact.mediaType, children: fact.children ?? [] };
  }
  const labRef = ref.ref as NonNullable<LayoutRefSpec["ref"]>;
  const object = await ctx.manifest(labRef);
  if (!object)
    return { status: "error", summary: `\`${labRef.text}\` is not in the registry (\`labs reset\` restores it)` };
  return targetOf(ctx, labRef, object);
}

function badNames(
  ref: LayoutRefSpec,
  index: ImageIndex,
  dir: string,
  named: readonly Descriptor[],
  target: PinTarget,
): CheckOutcome {
  const file = `\`${dir}/index.json\``;
  if (named.length > 1)
    return {
      status: "fail",
      summary: `${file} has ${named.length} entries named \`${ref.name}\`.`,
      hint: "Keep one descriptor per ref name.",
    };
  const unnamed = index.manifests.find((d) => d.digest === target.digest && !d.annotations?.[REF_NAME_ANNOTATION]);
  return {
    status: "fail",
    summary: `${file} has no entry named \`${ref.name}\`.`,
    ...(unnamed
      ? { diagnosis: `An entry names the expected object but carries no \`${REF_NAME_ANNOTATION}\` annotation.` }
      : {}),
    hint: `Tags in a layout live in the \`${REF_NAME_ANNOTATION}\` annotation of index.json's descriptors (\`skopeo copy … oci:${dir}:${ref.name}\` writes it).`,
  };
}
