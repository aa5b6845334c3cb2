// Whether `labs start N` finds lab N already seeded in this registry (then the learner's work there is left as it is,
// and `labs reset N` is the way back to the seed) or must seed it.

import type { SeedSpec } from "../../grader/lab/types.js";
import type { Authenticator } from "../../grader/registry/auth.js";
import { createTransport } from "../../grader/registry/http.js";
import { listTags } from "../../grader/registry/tags.js";
import type { LabsHome } from "../home.js";
import type { LabProgress, RegistryRecord, SeedMark } from "../state/state.js";

// Where a registry keeps its data: a home's own backend (its folder or Docker volume), or a remote registry's URL.
function registryDataIdentity(record: RegistryRecord, home: LabsHome): string {
  return record.kind === "remote" ? `remote:${record.url}` : `${record.kind}:${home.root}`;
}

// The lab's marks with `mark` added (each registry's data once).
export function withMark(progress: LabProgress | undefined, mark: SeedMark): readonly SeedMark[] {
  return hasMark(progress, mark) ? (progress?.seeded ?? []) : [...(progress?.seeded ?? []), mark];
}

function hasMark(progress: LabProgress | undefined, mark: SeedMark): boolean {
  return (progress?.seeded ?? []).some(
    (m) => m.registry === mark.registry && m.prefix === mark.prefix && m.variant === mark.variant,
  );
}

// The mark `labs start` records once a seed is complete.
export function seedMark(record: RegistryRecord, home: LabsHome, prefix: string, variant: string): SeedMark {
  return { registry: registryDataIdentity(record, home), prefix, variant };
}

// True when this lab run (its prefix and variant) was seeded completely into this registry's data before, and the
// registry still holds at least one of the seeded repositories (its data was not removed behind labs' back).
export async function seededBefore(
  progress: LabProgress | undefined,
  mark: SeedMark,
  target: { readonly url: string; readonly seed: SeedSpec; readonly auth: Authenticator },
): Promise<boolean> {
  if (!hasMark(progress, mark)) return false;
  const repositories = [...new Set(target.seed.tags.map((t) => `${mark.prefix}/${t.repository}`))];
  const transport = createTransport(target.url, { timeoutMs: 10_000, auth: target.auth });
  const listed = await Promise.all(repositories.map((r) => listTags(transport, r).catch(() => [])));
  return listed.some((tags) => tags.length > 0);
}
