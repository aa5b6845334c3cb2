import type { Bundle } from "../../grader/bundle/read.js";
import { readBundle } from "../../grader/bundle/read.js";
import { type Digest, digestOf } from "../../grader/oci/digest.js";
import { MediaType } from "../../grader/oci/media-types.js";
import type { ObjectSource } from "../../grader/registry/source.js";
import type { PushItem } from "../registry-client/push-all.js";

// A submission pushed to a course registry (`labs submit --to`): an OCI 1.1 artifact in `<prefix>/submission`,
// tagged `latest`, whose one layer is the bundle. On a course registry the grader takes only the answers and
// workspace files from it; the objects it grades are read from the registry itself.

export const SUBMISSION_REPOSITORY = "submission";
export const SUBMISSION_TAG = "latest";
export const SUBMISSION_ARTIFACT_TYPE = "application/vnd.oci-labs.submission.v1";
export const BUNDLE_MEDIA_TYPE = "application/vnd.oci-labs.bundle.v1.tar";

const EMPTY_CONFIG = new TextEncoder().encode("{}");

// The blobs and the manifest to push for a bundle.
export function submissionItems(bundle: Uint8Array): PushItem[] {
  const config = { mediaType: MediaType.ociEmpty, digest: digestOf(EMPTY_CONFIG), size: EMPTY_CONFIG.byteLength };
  const layer = { mediaType: BUNDLE_MEDIA_TYPE, digest: digestOf(bundle), size: bundle.byteLength };
  const manifest = new TextEncoder().encode(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      artifactType: SUBMISSION_ARTIFACT_TYPE,
      config,
      layers: [layer],
    }),
  );
  return [
    { kind: "blob", mediaType: config.mediaType, digest: config.digest, bytes: EMPTY_CONFIG },
    { kind: "blob", mediaType: BUNDLE_MEDIA_TYPE, digest: layer.digest, bytes: bundle },
    {
      kind: "manifest",
      mediaType: MediaType.ociManifest,
      digest: digestOf(manifest),
      bytes: manifest,
      tag: SUBMISSION_TAG,
    },
  ];
}

// The learner's pushed submission under `prefix`, verified; undefined when none was pushed.
export async function readSubmission(source: ObjectSource, prefix: string): Promise<Bundle | undefined> {
  const repository = `${prefix}/${SUBMISSION_REPOSITORY}`;
  const manifest = await source.manifest(repository, SUBMISSION_TAG).catch((error: { isNotFound?: () => boolean }) => {
    if (error.isNotFound?.()) return undefined;
    throw error;
  });
  if (!manifest) return undefined;
  const layer = manifest.value.kind === "manifest" ? manifest.value.layers[0] : undefined;
  if (!layer || layer.mediaType !== BUNDLE_MEDIA_TYPE)
    throw new Error(`${repository}:${SUBMISSION_TAG} is not a labs submission (no ${BUNDLE_MEDIA_TYPE} layer)`);
  return readBundle(source.blobStream(repository, layer as { digest: Digest; size: number }));
}
