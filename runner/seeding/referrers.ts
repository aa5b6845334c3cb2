import type { SeedSpec } from "../../grader/lab/types.js";
import { digestHex } from "../../grader/oci/digest.js";
import { MediaType } from "../../grader/oci/media-types.js";
import type { Descriptor } from "../../grader/oci/types.js";
import { pushAll } from "../registry-client/push-all.js";
import type { RegistryWriter } from "../registry-client/writer.js";
import { jsonBlob, toDescriptor } from "../seed/blob.js";
import type { Built } from "../seed/built.js";
import { pushItems } from "./push-items.js";

// Pushes each seeded artifact into every repository where its subject is tagged, and keeps the referrers
// fallback tag (`sha256-<hex>`) up to date where the registry has no referrers API, as a client must
// (distribution-spec v1.1 "Pushing Manifests with Subject").
export async function pushReferrers(
  writer: RegistryWriter,
  prefix: string,
  seed: SeedSpec,
  objects: ReadonlyMap<string, Built>,
): Promise<void> {
  for (const [name, spec] of Object.entries(seed.artifacts)) {
    const artifact = objects.get(name);
    const subject = spec.subject ? objects.get(spec.subject) : undefined;
    if (!artifact || !subject) continue;
    const repositories = new Set(
      seed.tags.filter((t) => t.target === spec.subject).map((t) => `${prefix}/${t.repository}`),
    );
    for (const repository of repositories) {
      await pushAll(writer, repository, pushItems(artifact));
      const listed = await writer.reader.referrers(repository, subject.manifest.digest);
      if (listed.some((d) => d.digest === artifact.manifest.digest)) continue;
      const entry: Descriptor = toDescriptor(artifact.manifest, {
        artifactType: spec.artifactType,
        annotations: spec.annotations,
      });
      const index = jsonBlob(MediaType.ociIndex, {
        schemaVersion: 2,
        mediaType: MediaType.ociIndex,
        manifests: [...listed, entry],
      });
      const tag = `sha256-${digestHex(subject.manifest.digest)}`;
      await pushAll(writer, repository, [
        { kind: "manifest", mediaType: index.mediaType, digest: index.digest, bytes: index.bytes, tag },
      ]);
    }
  }
}
