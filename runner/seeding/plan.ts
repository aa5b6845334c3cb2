import type { SeedChild, SeedFact } from "../../grader/checks/context.js";
import type { SeedSpec } from "../../grader/lab/types.js";
import { isAttestationDescriptor } from "../../grader/oci/platform.js";
import type { Descriptor } from "../../grader/oci/types.js";
import type { Built } from "../seed/built.js";
import { pushPlan } from "../seed/built.js";
import { buildSeed } from "./build.js";

// The facts the grader needs about every seeded object, derived from the lab definition alone (no registry).
export function seedFacts(seed: SeedSpec, variant = ""): ReadonlyMap<string, SeedFact> {
  const facts = new Map<string, SeedFact>();
  for (const [name, built] of buildSeed(seed, variant)) {
    const tags = seed.tags.filter((t) => t.target === name).map((t) => `${t.repository}:${t.tag}`);
    facts.set(name, factOf(name, built, tags));
  }
  return facts;
}

function factOf(name: string, built: Built, tags: readonly string[]): SeedFact {
  const plan = pushPlan(built);
  const reachable = [...plan.blobs, ...plan.manifests].map((b) => b.digest);
  const base = { name, digest: built.manifest.digest, mediaType: built.manifest.mediaType, reachable, tags };
  if (built.kind === "image") {
    return {
      ...base,
      configDigest: built.config.digest,
      platform: built.platform,
      layers: built.layers.map((l) => l.digest),
    };
  }
  if (built.kind !== "index")
    return { ...base, configDigest: built.config.digest, layers: built.layers.map((l) => l.digest) };
  return { ...base, children: childrenOf(built) };
}

function childrenOf(index: Extract<Built, { kind: "index" }>): SeedChild[] {
  const entries = (JSON.parse(new TextDecoder().decode(index.manifest.bytes)) as { manifests: Descriptor[] }).manifests;
  return entries.map((entry, i) => {
    const child = index.children[i];
    return {
      digest: entry.digest,
      platform: entry.platform,
      attestation: isAttestationDescriptor(entry),
      configDigest: child && child.kind !== "index" ? child.config.digest : undefined,
    };
  });
}
