import type { Digest } from "../../grader/oci/digest.js";
import type { RegistryClient } from "../../grader/registry/client.js";
import type { Built } from "../seed/built.js";
import { pushPlan } from "../seed/built.js";

/** What a repository holds, as far as the distribution API can tell: its tags and what they point at. */
export type Inventory = Readonly<Record<string, Readonly<Record<string, Digest>>>>;

// The tags of each repository and the digest each resolves to (unknown repositories are empty).
export async function readInventory(client: RegistryClient, repositories: readonly string[]): Promise<Inventory> {
  const inventory: Record<string, Record<string, Digest>> = {};
  for (const repository of repositories) {
    const tags: Record<string, Digest> = {};
    for (const tag of await client.tags(repository)) tags[tag] = (await client.manifest(repository, tag)).digest;
    inventory[repository] = tags;
  }
  return inventory;
}

// Every digest the given seeded objects push (manifests and blobs), to tell seeded objects from the learner's.
export function seededDigests(objects: ReadonlyMap<string, Built>): Set<Digest> {
  const digests = new Set<Digest>();
  for (const built of objects.values())
    for (const b of [...pushPlan(built).blobs, ...pushPlan(built).manifests]) digests.add(b.digest);
  return digests;
}

// The differences between two inventories, one line each (empty when they agree).
export function inventoryDifferences(actual: Inventory, expected: Inventory): string[] {
  const lines: string[] = [];
  for (const repository of new Set([...Object.keys(actual), ...Object.keys(expected)])) {
    const a = actual[repository] ?? {};
    const e = expected[repository] ?? {};
    for (const tag of new Set([...Object.keys(a), ...Object.keys(e)])) {
      if (a[tag] !== e[tag]) lines.push(`${repository}:${tag} is ${a[tag] ?? "absent"}, seeded ${e[tag] ?? "absent"}`);
    }
  }
  return lines;
}
