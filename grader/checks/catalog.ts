// The check kinds by name, each loaded only when a lab uses it (a CLI run imports a handful, not all of them).

import type { CheckKind } from "./kind.js";

type Loader = () => Promise<CheckKind<unknown>>;

const LOADERS: Readonly<Record<string, Loader>> = {
  annotations: async () => (await import("./annotations.js")).annotations as CheckKind<unknown>,
  attestations: async () => (await import("./attestations.js")).attestations as CheckKind<unknown>,
  "blob-absent": async () => (await import("./blob-absent.js")).blobAbsent as CheckKind<unknown>,
  "descriptors-truthful": async () =>
    (await import("./descriptors-truthful.js")).descriptorsTruthful as CheckKind<unknown>,
  "digest-equals": async () => (await import("./digest-equals.js")).digestEquals as CheckKind<unknown>,
  "graph-complete": async () => (await import("./graph-complete.js")).graphComplete as CheckKind<unknown>,
  "json-path": async () => (await import("./json-path.js")).jsonPath as CheckKind<unknown>,
  "layer-count": async () => (await import("./layer-count.js")).layerCount as CheckKind<unknown>,
  "manifest-absent": async () => (await import("./manifest-absent.js")).manifestAbsent as CheckKind<unknown>,
  platforms: async () => (await import("./platforms.js")).platforms as CheckKind<unknown>,
  "reference-kind": async () => (await import("./reference-kind.js")).referenceKind as CheckKind<unknown>,
  referrers: async () => (await import("./referrers.js")).referrers as CheckKind<unknown>,
  "same-config": async () => (await import("./same-config.js")).sameConfig as CheckKind<unknown>,
  "same-digest": async () => (await import("./same-digest.js")).sameDigest as CheckKind<unknown>,
  "same-objects": async () => (await import("./same-objects.js")).sameObjects as CheckKind<unknown>,
  "tag-absent": async () => (await import("./tag-absent.js")).tagAbsent as CheckKind<unknown>,
  "tag-present": async () => (await import("./tag-present.js")).tagPresent as CheckKind<unknown>,
  "tag-unchanged": async () => (await import("./tag-unchanged.js")).tagUnchanged as CheckKind<unknown>,
  answer: async () => (await import("./answer.js")).answer as CheckKind<unknown>,
  "config-field": async () => (await import("./config-field.js")).configField as CheckKind<unknown>,
  "layer-file": async () => (await import("./layer-file.js")).layerFile as CheckKind<unknown>,
  shell: async () => (await import("./shell.js")).shell as CheckKind<unknown>,
  "workspace-file": async () => (await import("./workspace-file.js")).workspaceFile as CheckKind<unknown>,
};

/** Every check kind name, without loading any kind. */
export const CHECK_KIND_NAMES: readonly string[] = Object.keys(LOADERS);

const loaded = new Map<string, Promise<CheckKind<unknown>>>();

// Loads the named kinds (once each); unknown names are left out, for the caller to report.
export async function loadCheckKinds(names: Iterable<string>): Promise<ReadonlyMap<string, CheckKind<unknown>>> {
  const wanted = [...new Set(names)].filter((name) => name in LOADERS);
  const kinds = await Promise.all(wanted.map((name) => loadOne(name)));
  return new Map(wanted.map((name, i) => [name, kinds[i]!]));
}

function loadOne(name: string): Promise<CheckKind<unknown>> {
  let hit = loaded.get(name);
  if (!hit) {
    hit = LOADERS[name]!();
    loaded.set(name, hit);
  }
  return hit;
}
