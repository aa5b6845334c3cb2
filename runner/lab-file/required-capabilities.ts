import type { LabDefinition, RegistryCapability } from "../../grader/lab/types.js";

// What a registry must allow for a lab to be doable on it: a lab whose checks want something gone needs the
// registry to delete it (distribution's `storage.delete.enabled`, or the registry's own policy).

const NEEDS: Readonly<Record<string, { readonly any: readonly RegistryCapability[]; readonly why: string }>> = {
  "blob-absent": { any: ["deleteBlob"], why: "deleting blobs (DELETE /v2/<name>/blobs/<digest>)" },
  "manifest-absent": { any: ["deleteManifest"], why: "deleting manifests (DELETE /v2/<name>/manifests/<digest>)" },
  "tag-absent": { any: ["deleteManifest", "deleteByTag"], why: "removing tags (delete by tag or by digest)" },
};

// The reasons a registry with `capabilities` cannot host `lab`; empty when it can.
export function missingCapabilities(
  lab: LabDefinition,
  capabilities: Readonly<Partial<Record<RegistryCapability, boolean>>>,
): string[] {
  const reasons = new Set<string>();
  for (const check of lab.tasks.flatMap((t) => t.checks)) {
    const need = NEEDS[check.kind];
    if (need && !need.any.some((c) => capabilities[c] === true)) reasons.add(need.why);
  }
  return [...reasons];
}
