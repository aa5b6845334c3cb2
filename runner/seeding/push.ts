import type { SeedSpec } from "../../grader/lab/types.js";
import { LabsError } from "../errors.js";
import { RegistryWriter } from "../registry-client/writer.js";
import { pushAll, type PushItem } from "../registry-client/push-all.js";
import { pushPlan } from "../seed/built.js";
import { buildSeed } from "./build.js";

// Pushes a lab's seed under its prefix: for each tag, blobs first, then child manifests by digest, then the tag.
export async function seedLab(url: string, prefix: string, seed: SeedSpec): Promise<void> {
  const objects = buildSeed(seed);
  const writer = new RegistryWriter(url, { timeoutMs: 30_000 });
  for (const tag of seed.tags) {
    const built = objects.get(tag.target);
    if (!built) throw new LabsError("SEED_FAILED", `The lab's seed tags unknown object "${tag.target}".`);
    const plan = pushPlan(built);
    const root = plan.manifests[plan.manifests.length - 1]!;
    const items: PushItem[] = [
      ...plan.blobs.map((b) => ({ kind: "blob" as const, mediaType: b.mediaType, digest: b.digest, bytes: b.bytes })),
      ...plan.manifests.map((m) => ({ kind: "manifest" as const, mediaType: m.mediaType, digest: m.digest, bytes: m.bytes, tag: m === root ? tag.tag : undefined })),
    ];
    const repository = `${prefix}/${tag.repository}`;
    try {
      await pushAll(writer, repository, items);
    } catch (error) {
      throw new LabsError("SEED_FAILED", `Seeding ${repository}:${tag.tag} failed: ${(error as Error).message}.`, "Check `labs status`; run `labs start` again.", { cause: error });
    }
  }
}
