import type { LabDefinition } from "../../grader/lab/types.js";
import type { Digest } from "../../grader/oci/digest.js";
import { walkGraph } from "../../grader/oci/walk.js";
import { registryAuth } from "../credentials/registry-auth.js";
import { LabsError } from "../errors.js";
import type { LabSession } from "../lab-session.js";
import { RegistryWriter } from "../registry-client/writer.js";
import { buildSeed } from "../seeding/build.js";
import { seedLab } from "../seeding/push.js";
import { seededDigests } from "./inventory.js";
import { labRepositories } from "./repositories.js";

/** What a reset removed before seeding again. */
export interface ResetReport {
  readonly tagsRemoved: number;
  readonly manifestsRemoved: number;
  readonly blobsRemoved: number;
}

/** What the registry lets a reset do. */
export interface ResetCapabilities {
  readonly deleteByTag?: boolean;
  readonly deleteManifest?: boolean;
  readonly deleteBlob?: boolean;
}

// Puts a lab's repositories back to the seeded state: removes the learner's tags and every object they reach
// that the seed does not put in that repository, then seeds again (which also re-applies deliberate damage). Where the registry cannot untag, the
// manifest is deleted by digest and the seed restores any seeded tag that went with it.
export async function resetLab(
  url: string,
  capabilities: ResetCapabilities,
  lab: LabDefinition,
  session: LabSession,
): Promise<ResetReport> {
  if (!capabilities.deleteManifest && !capabilities.deleteByTag) {
    throw new LabsError(
      "ENVIRONMENT",
      "This registry cannot delete manifests, so a lab on it cannot be reset.",
      "Ask its operator to enable deletion, or use a lab registry (`labs start N`).",
    );
  }
  const writer = new RegistryWriter(url, { timeoutMs: 30_000, auth: registryAuth(url, { push: true }) });
  const objects = buildSeed(lab.seed, session.variant);
  const seededIn = (repository: string) =>
    seededDigests(
      new Map(
        lab.seed.tags
          .filter((t) => `${session.prefix}/${t.repository}` === repository)
          .map((t) => [t.target, objects.get(t.target)!]),
      ),
    );
  const seededTags = new Map(
    lab.seed.tags.map((t) => [`${session.prefix}/${t.repository}:${t.tag}`, objects.get(t.target)?.manifest.digest]),
  );
  let tagsRemoved = 0;
  const manifests = new Map<string, Digest>();
  const blobs = new Map<string, Digest>();
  for (const repository of labRepositories(lab).map((r) => `${session.prefix}/${r}`)) {
    for (const tag of await writer.reader.tags(repository)) {
      // A tag may already be gone: deleting an earlier tag by digest removes every tag on that manifest.
      const manifest = await writer.reader.manifest(repository, tag).catch((error: unknown) => {
        if ((error as { isNotFound?: () => boolean }).isNotFound?.()) return undefined;
        throw error;
      });
      if (!manifest) continue;
      const digest = manifest.digest;
      if (seededTags.get(`${repository}:${tag}`) === digest) continue;
      await collectLearnerObjects(writer, repository, digest, seededIn(repository), manifests, blobs);
      await writer.deleteManifest(repository, capabilities.deleteByTag ? tag : digest).catch(ignoreNotFound);
      tagsRemoved++;
    }
  }
  let manifestsRemoved = 0;
  for (const [key, digest] of manifests) {
    if (
      capabilities.deleteManifest &&
      (await writer.deleteManifest(key.split("@")[0]!, digest).then(
        () => true,
        () => false,
      ))
    )
      manifestsRemoved++;
  }
  let blobsRemoved = 0;
  for (const [key, digest] of blobs) {
    if (
      capabilities.deleteBlob &&
      (await writer.deleteBlob(key.split("@")[0]!, digest).then(
        () => true,
        () => false,
      ))
    )
      blobsRemoved++;
  }
  await seedLab(url, session.prefix, lab.seed, session.variant);
  return { tagsRemoved, manifestsRemoved, blobsRemoved };
}

async function collectLearnerObjects(
  writer: RegistryWriter,
  repository: string,
  root: Digest,
  seeded: ReadonlySet<Digest>,
  manifests: Map<string, Digest>,
  blobs: Map<string, Digest>,
): Promise<void> {
  const graph = await walkGraph(writer.reader, repository, root, { verifyBlobs: false });
  for (const node of graph.nodes.values()) {
    if (seeded.has(node.digest) || node.state === "missing" || node.state === "foreign") continue;
    const isManifest = node.kind === "index" || node.kind === "manifest";
    (isManifest ? manifests : blobs).set(`${repository}@${node.digest}`, node.digest);
  }
}

function ignoreNotFound(error: unknown): void {
  if ((error as { isNotFound?: () => boolean }).isNotFound?.()) return;
  throw error;
}
