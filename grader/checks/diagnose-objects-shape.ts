import { isAttestationDescriptor } from "../oci/platform.js";
import type { Fetched, ImageIndex, ImageManifest, Manifest } from "../oci/types.js";
import type { GradeContext } from "./context.js";
import { describeKind, describePlatform } from "./describe.js";
import { seedImageWithConfig, seedIndexContaining } from "./diagnose-objects.js";
import { artifactTypeOf, isArtifactManifest } from "./diagnose-objects-media.js";
import { configPlatform } from "./diagnose-objects-platform.js";
import type { Explanation } from "./explain-digest.js";
import type { LabRef } from "./lab-ref.js";

// Explanations for a reference whose object has the wrong shape: a single manifest where an index was expected,
// an index where a single manifest was expected, an artifact where a runnable image was expected.

const COPY_ALL_HINT =
  "A multi-platform tag must point at an image index (or Docker manifest list) listing every platform: copy the " +
  "whole index (with skopeo: `skopeo copy --all`) or assemble one from the per-platform images.";

// Why `ref` is a single manifest although an index was expected, read from the manifest and the seeded objects.
export async function explainSingleWhereIndex(
  ctx: GradeContext,
  ref: LabRef,
  fetched: Fetched<ImageManifest>,
): Promise<Explanation> {
  if (isArtifactManifest(fetched.value)) {
    return {
      diagnosis: `\`${ref.text}\` is an artifact of type \`${artifactTypeOf(fetched.value)}\`, not an index of images.`,
      hint: COPY_ALL_HINT,
    };
  }
  const platform = await configPlatform(ctx, ref.repository, fetched.value);
  const membership = seedIndexContaining(ctx.seed, fetched.digest);
  if (membership) {
    return {
      diagnosis:
        `\`${ref.text}\` is the ${describePlatform(platform ?? membership.child.platform)} image from inside a seeded ` +
        "index, not an index: only one platform was copied, and the other platforms and attestations were left behind.",
      hint: COPY_ALL_HINT,
    };
  }
  const sameImage = seedImageWithConfig(ctx.seed, fetched.value.config.digest);
  if (sameImage) {
    return {
      diagnosis:
        `\`${ref.text}\` is a single ${describePlatform(platform ?? sameImage.platform)} image with the image ID of a ` +
        `seeded image but new manifest bytes (${describeKind(fetched.mediaType)}): it was pulled for one platform ` +
        "and pushed again, which re-encodes it and drops the other platforms.",
      hint: COPY_ALL_HINT,
    };
  }
  return {
    diagnosis: `\`${ref.text}\` is a single-platform image manifest (${describePlatform(platform)}), not an index.`,
    hint: COPY_ALL_HINT,
  };
}

// Why `ref` is an index although a single manifest was expected.
export function explainIndexWhereSingle(ref: LabRef, fetched: Fetched<ImageIndex>): Explanation {
  const runnable = fetched.value.manifests.filter((d) => !isAttestationDescriptor(d)).length;
  return {
    diagnosis:
      `\`${ref.text}\` is ${describeKind(fetched.mediaType)} with ${runnable} runnable ` +
      `${runnable === 1 ? "entry" : "entries"}, not a single image manifest.`,
    hint: "Point the tag at one image manifest (an entry of the index), not at the index that lists them.",
  };
}

// Why `ref` is an artifact although a runnable image was expected (image-spec manifest.md, artifacts).
export function explainArtifactWhereImage(ref: LabRef, manifest: ImageManifest): Explanation {
  return {
    diagnosis:
      `\`${ref.text}\` is an OCI artifact (type \`${artifactTypeOf(manifest)}\`), not a runnable image: its config ` +
      `is \`${manifest.config.mediaType}\`, where an image has an image configuration and tar layers.`,
    hint:
      "Build an image instead of pushing a file as an artifact: a config of type " +
      "`application/vnd.oci.image.config.v1+json` with rootfs.diff_ids, and tar layers (buildah, umoci, or by hand).",
  };
}

// Narrowing helpers for Fetched values.
export function isFetchedIndex(fetched: Fetched<Manifest>): fetched is Fetched<ImageIndex> {
  return fetched.value.kind === "index";
}

// True when the fetched object is an image manifest (runnable image or artifact).
export function isFetchedManifest(fetched: Fetched<Manifest>): fetched is Fetched<ImageManifest> {
  return fetched.value.kind === "manifest";
}
