import { describeMediaType } from "../oci/media-types.js";
import type { Fetched, Manifest } from "../oci/types.js";
import type { GradeContext } from "./context.js";
import { describeKind } from "./describe.js";
import {
  artifactTypeOf,
  familyName,
  familyOf,
  isArtifactManifest,
  type MediaFamily,
} from "./diagnose-objects-media.js";
import {
  explainArtifactWhereImage,
  explainIndexWhereSingle,
  explainSingleWhereIndex,
  isFetchedIndex,
  isFetchedManifest,
} from "./diagnose-objects-shape.js";
import type { Explanation } from "./explain-digest.js";
import { refField, unknownFields } from "./fields.js";
import { defineCheck, type FieldProblem } from "./kind.js";
import type { LabRef } from "./lab-ref.js";
import { enumField, optionalStringField } from "./objects-fields.js";
import { loadRef, unusableOutcome } from "./objects-load.js";

/** What a reference must resolve to. `manifest` accepts any image manifest; `image` and `artifact` tell them apart. */
export type ObjectShape = "index" | "manifest" | "image" | "artifact";

/** `ref` resolves to an object of shape `is`, optionally of a media type family, exact type or artifact type. */
export interface ReferenceKindSpec {
  readonly ref: LabRef;
  readonly is: ObjectShape;
  readonly flavour?: MediaFamily;
  readonly mediaType?: string;
  readonly artifactType?: string;
}

const SHAPES: readonly ObjectShape[] = ["index", "manifest", "image", "artifact"];

// Object shapes and media types: image-spec image-index.md, manifest.md ("Guidelines for Artifact Usage"),
// media-types.md (OCI and Docker compatibility).
// https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#guidelines-for-artifact-usage
// https://github.com/opencontainers/image-spec/blob/v1.1.1/media-types.md
export const referenceKind = defineCheck<ReferenceKindSpec>({
  kind: "reference-kind",
  summary:
    "a reference resolves to an index, an image manifest, a runnable image or an artifact, of a given media type",
  validate(fields) {
    const problems: FieldProblem[] = [];
    unknownFields(fields, ["ref", "is", "flavour", "mediaType", "artifactType"], problems);
    const ref = refField(fields, "ref", problems);
    const is = enumField(fields, "is", SHAPES, problems);
    if (fields.is === undefined)
      problems.push({ path: ["is"], message: "`is` is required (index, manifest, image or artifact)" });
    const flavour = enumField<MediaFamily>(fields, "flavour", ["oci", "docker"], problems);
    const mediaType = optionalStringField(fields, "mediaType", problems);
    const artifactType = optionalStringField(fields, "artifactType", problems);
    if (artifactType && is !== "artifact")
      problems.push({ path: ["artifactType"], message: "`artifactType` needs `is: artifact`" });
    if (problems.length > 0 || !ref || !is) return { problems };
    return { spec: { ref, is, flavour, mediaType, artifactType }, problems };
  },
  async run(spec, ctx) {
    const loaded = await loadRef(ctx, spec.ref);
    if (loaded.state !== "found") return unusableOutcome(spec.ref, loaded, `Push or copy \`${spec.ref.text}\` first.`);
    const { fetched } = loaded;
    const expected = describeExpected(spec);
    const actual = describeActual(fetched);
    const why = (await shapeMismatch(spec, fetched, ctx)) ?? typeMismatch(spec, fetched);
    if (!why) return { status: "pass", summary: `\`${spec.ref.text}\` is ${actual}.` };
    return { status: "fail", summary: `\`${spec.ref.text}\` is ${actual}.`, expected, actual, ...why };
  },
});

async function shapeMismatch(
  spec: ReferenceKindSpec,
  fetched: Fetched<Manifest>,
  ctx: GradeContext,
): Promise<Explanation | undefined> {
  if (spec.is === "index")
    return isFetchedManifest(fetched) ? explainSingleWhereIndex(ctx, spec.ref, fetched) : undefined;
  if (isFetchedIndex(fetched)) return explainIndexWhereSingle(spec.ref, fetched);
  if (!isFetchedManifest(fetched)) return undefined;
  const artifact = isArtifactManifest(fetched.value);
  if (spec.is === "image" && artifact) return explainArtifactWhereImage(spec.ref, fetched.value);
  if (spec.is === "artifact" && !artifact) {
    return {
      diagnosis: `\`${spec.ref.text}\` is a runnable image (an image configuration, no \`artifactType\`), not an artifact.`,
      hint: "Push the content as an artifact with its own `artifactType` (for example `oras push --artifact-type …`).",
    };
  }
  return undefined;
}

function typeMismatch(spec: ReferenceKindSpec, fetched: Fetched<Manifest>): Explanation | undefined {
  const family = familyOf(fetched.mediaType);
  if (spec.flavour && family !== spec.flavour) return explainFamily(spec, fetched.mediaType);
  if (spec.mediaType && fetched.mediaType !== spec.mediaType) {
    return {
      diagnosis: `\`${spec.ref.text}\` is served as \`${fetched.mediaType}\`.`,
      hint: "Push the object with the media type the task names, as its `mediaType` field and as Content-Type.",
    };
  }
  const artifactType = isFetchedManifest(fetched) ? artifactTypeOf(fetched.value) : undefined;
  if (spec.artifactType && artifactType !== spec.artifactType) {
    return {
      diagnosis: `The artifact's type is \`${artifactType}\`.`,
      hint: "Set the artifact type the task names (`artifactType` in the manifest; `oras push --artifact-type`).",
    };
  }
  return undefined;
}

function explainFamily(spec: ReferenceKindSpec, mediaType: string): Explanation {
  if (spec.flavour === "oci") {
    return {
      diagnosis:
        `\`${spec.ref.text}\` uses Docker media types (${describeMediaType(mediaType)}): it was pushed by a tool that ` +
        "writes Docker schema 2 (docker push, `--format docker`), or converted to it (`--format v2s2`).",
      hint: "Use OCI media types: convert on push (`skopeo copy --format oci`, `buildah push --format oci`) or write the OCI types yourself.",
    };
  }
  return {
    diagnosis: `\`${spec.ref.text}\` uses OCI media types (${describeMediaType(mediaType)}): a format conversion (\`--format oci\`) rewrote it.`,
    hint: "Keep the Docker media types: copy without `--format`, so the manifests keep their bytes.",
  };
}

function describeExpected(spec: ReferenceKindSpec): string {
  const shape = {
    index: "an image index",
    manifest: "an image manifest",
    image: "a runnable image",
    artifact: "an artifact",
  }[spec.is];
  const parts = [shape];
  if (spec.flavour) parts.push(`with ${familyName(spec.flavour)} media types`);
  if (spec.mediaType) parts.push(`of media type \`${spec.mediaType}\``);
  if (spec.artifactType) parts.push(`of type \`${spec.artifactType}\``);
  return parts.join(" ");
}

function describeActual(fetched: Fetched<Manifest>): string {
  if (isFetchedManifest(fetched) && isArtifactManifest(fetched.value)) {
    return `an artifact of type \`${artifactTypeOf(fetched.value)}\` (${describeMediaType(fetched.mediaType)})`;
  }
  return describeKind(fetched.mediaType);
}
