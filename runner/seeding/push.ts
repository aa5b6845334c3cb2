import type { SeedSpec } from "../../grader/lab/types.js";
import type { Digest } from "../../grader/oci/digest.js";
import type { Authenticator } from "../../grader/registry/auth.js";
import { registryAuth } from "../credentials/registry-auth.js";
import { LabsError } from "../errors.js";
import { mapLimit } from "../registry-client/concurrency.js";
import { pushAll } from "../registry-client/push-all.js";
import { RegistryWriter } from "../registry-client/writer.js";
import type { Built } from "../seed/built.js";
import { buildSeed } from "./build.js";
import { pushItems } from "./push-items.js";
import { pushReferrers } from "./referrers.js";

const REPOSITORIES_AT_ONCE = 4;

// Pushes a lab's seed under its prefix: for each tag, blobs first, then child manifests by digest, then the tag;
// then artifacts next to their subjects, then the deliberate damage. Without `auth`, credentials for the registry
// are looked up (when it asks) in the environment's Docker and podman files, with push scope.
export async function seedLab(
  url: string,
  prefix: string,
  seed: SeedSpec,
  variant = "",
  auth: Authenticator = registryAuth(url, { push: true }),
): Promise<void> {
  const objects = buildSeed(seed, variant);
  const writer = new RegistryWriter(url, { timeoutMs: 30_000, auth });
  await guard(`${prefix}`, async () => {
    // Repositories in parallel; within one, tags in order, so a blob two tags share is uploaded once.
    await mapLimit(byRepository(seed.tags), REPOSITORIES_AT_ONCE, async (tags) => {
      for (const tag of tags)
        await pushAll(writer, `${prefix}/${tag.repository}`, pushItems(named(objects, tag.target), tag.tag));
    });
    await pushReferrers(writer, prefix, seed, objects);
    for (const damage of seed.damage) {
      const target = named(objects, damage.target);
      const repository = `${prefix}/${damage.repository}`;
      if (damage.action === "delete-manifest") await writer.deleteManifest(repository, target.manifest.digest);
      else await writer.deleteBlob(repository, blobOf(target, damage.blob));
    }
  });
}

function byRepository(tags: SeedSpec["tags"]): SeedSpec["tags"][] {
  const groups = new Map<string, SeedSpec["tags"][number][]>();
  for (const tag of tags) groups.set(tag.repository, [...(groups.get(tag.repository) ?? []), tag]);
  return [...groups.values()];
}

function named(objects: ReadonlyMap<string, Built>, name: string): Built {
  const built = objects.get(name);
  if (!built) throw new LabsError("SEED_FAILED", `The lab's seed names unknown object "${name}".`);
  return built;
}

function blobOf(built: Built, which: "config" | number | undefined): Digest {
  if (built.kind === "index") throw new LabsError("SEED_FAILED", "delete-blob needs an image, not an index.");
  const blob = which === "config" || which === undefined ? built.config : built.layers[which];
  if (!blob) throw new LabsError("SEED_FAILED", `the seeded image has no layer ${which}.`);
  return blob.digest;
}

async function guard(where: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof LabsError) throw error;
    throw new LabsError(
      "SEED_FAILED",
      `Seeding ${where} failed: ${(error as Error).message}.`,
      "Check the registry with `labs status`, then run `labs start` again (seeding is safe to repeat).",
      { cause: error },
    );
  }
}
