import type { PushItem } from "../registry-client/push-all.js";
import { type Built, pushPlan } from "../seed/built.js";

// Push items for a built object: its blobs, then its manifests children first, the root under `tag` (or by digest).
export function pushItems(built: Built, tag?: string): PushItem[] {
  const plan = pushPlan(built);
  const root = plan.manifests[plan.manifests.length - 1];
  return [
    ...plan.blobs.map((b) => ({ kind: "blob" as const, mediaType: b.mediaType, digest: b.digest, bytes: b.bytes })),
    ...plan.manifests.map((m) => ({
      kind: "manifest" as const,
      mediaType: m.mediaType,
      digest: m.digest,
      bytes: m.bytes,
      tag: m === root ? tag : undefined,
    })),
  ];
}
