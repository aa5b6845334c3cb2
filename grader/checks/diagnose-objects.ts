import type { Digest } from "../oci/digest.js";
import { isAttestationDescriptor, platformsEqual } from "../oci/platform.js";
import type { Fetched, Manifest, Platform } from "../oci/types.js";
import type { GradeContext, SeedChild, SeedFact } from "./context.js";
import { describePlatform } from "./describe.js";
import type { LabRef } from "./lab-ref.js";
import { digestRef, loadRef } from "./objects-load.js";

// Declarative predicates relating observed objects to seeded ones, shared by the object check kinds. They
// only read digests and platforms, so what they report is what was observed (right on any host platform).

/** The seeded object a check compares with: a named seed, or one entry of a seeded index. */
export interface SeedTarget {
  /** As a fact, so explain-digest can use it (for an entry: digest, config digest and platform only). */
  readonly fact: SeedFact;
  /** True when it is one entry of a seeded index. */
  readonly isChild: boolean;
}

// The seeded object `name`, or its single runnable entry for `child`; a message when there is none.
export function seedTarget(ctx: GradeContext, name: string, child?: Platform): SeedTarget | string {
  const fact = ctx.seed.get(name);
  if (!fact) return `the seeded object "${name}" is unknown to this grader run`;
  if (!child) return { fact, isChild: false };
  const entries = (fact.children ?? []).filter(
    (c) => !c.attestation && c.platform && platformsEqual(c.platform, child),
  );
  const entry = entries[0];
  if (entries.length !== 1 || !entry) {
    return `the seeded object "${name}" has ${entries.length} runnable entries for ${describePlatform(child)}`;
  }
  return { fact: childFact(name, entry), isChild: true };
}

function childFact(name: string, child: SeedChild): SeedFact {
  return {
    name: `${name}/${child.digest}`,
    digest: child.digest,
    mediaType: "",
    reachable: [child.digest],
    ...(child.configDigest ? { configDigest: child.configDigest } : {}),
    ...(child.platform ? { platform: child.platform } : {}),
  };
}

/** A seeded index and the entry of it that an observed digest is. */
export interface SeedMembership {
  readonly index: SeedFact;
  readonly child: SeedChild;
}

// The seeded index that lists `digest` as an entry: "the tag's digest is a child of a seeded index".
export function seedIndexContaining(seeds: ReadonlyMap<string, SeedFact>, digest: Digest): SeedMembership | undefined {
  for (const index of seeds.values()) {
    const child = index.children?.find((c) => c.digest === digest);
    if (child) return { index, child };
  }
  return undefined;
}

// The platform of the seeded image (or index entry) whose config digest is `configDigest`: "same image ID".
export function seedImageWithConfig(
  seeds: ReadonlyMap<string, SeedFact>,
  configDigest: Digest,
): { readonly platform?: Platform } | undefined {
  for (const fact of seeds.values()) {
    if (fact.configDigest === configDigest && !fact.children) return { platform: fact.platform };
    const child = fact.children?.find((c) => c.configDigest === configDigest && !c.attestation);
    if (child) return { platform: child.platform };
  }
  return undefined;
}

// The layer digests of a seeded image, bottom first, repeats kept.
export function seedLayers(fact: SeedFact): readonly Digest[] {
  return fact.layers ?? [];
}

// The blobs of a seeded object that no other seeded object reaches: what may be deleted without harm.
export function uniqueBlobs(seeds: ReadonlyMap<string, SeedFact>, fact: SeedFact): readonly Digest[] {
  const manifests = new Set<Digest>([fact.digest, ...(fact.children ?? []).map((c) => c.digest)]);
  const others = new Set<Digest>();
  for (const other of seeds.values()) if (other.name !== fact.name) for (const d of other.reachable) others.add(d);
  return fact.reachable.filter((d) => !manifests.has(d) && !others.has(d));
}

const MAX_CHILDREN_READ = 64;

// A fact describing an observed object, so another reference can be compared like a seeded one: its entries
// (with their config digests, read from the registry) for an index, its config digest for an image.
export async function factOfObserved(ctx: GradeContext, ref: LabRef, fetched: Fetched<Manifest>): Promise<SeedFact> {
  const base = { name: ref.text, digest: fetched.digest, mediaType: fetched.mediaType, reachable: [fetched.digest] };
  const { value } = fetched;
  if (value.kind === "manifest") return { ...base, configDigest: value.config.digest };
  const children: SeedChild[] = [];
  for (const [i, entry] of value.manifests.entries()) {
    const loaded = i < MAX_CHILDREN_READ ? await loadRef(ctx, digestRef(ref, entry.digest)) : undefined;
    const child = loaded?.state === "found" ? loaded.fetched.value : undefined;
    children.push({
      digest: entry.digest,
      attestation: isAttestationDescriptor(entry),
      ...(entry.platform ? { platform: entry.platform } : {}),
      ...(child?.kind === "manifest" ? { configDigest: child.config.digest } : {}),
    });
  }
  return { ...base, children };
}
