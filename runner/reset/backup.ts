import { cp, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { LabDefinition } from "../../grader/lab/types.js";
import { digestHex } from "../../grader/oci/digest.js";
import { MediaType } from "../../grader/oci/media-types.js";
import type { Descriptor } from "../../grader/oci/types.js";
import { walkGraph } from "../../grader/oci/walk.js";
import type { RegistryClient } from "../../grader/registry/client.js";
import type { LabSession } from "../lab-session.js";
import { labRepositories } from "./repositories.js";

/** Where a backup went and what it holds. */
export interface Backup {
  readonly dir: string;
  readonly tags: number;
  readonly objects: number;
}

// Saves the learner's current objects (every tag of the lab's repositories, as an OCI image layout whose
// ref names are `repository:tag`) and workspace files into a new folder, before anything is reset.
export async function backupLab(
  client: RegistryClient,
  lab: LabDefinition,
  session: LabSession,
  backupsDir: string,
): Promise<Backup> {
  const dir = join(
    backupsDir,
    `lab${String(lab.number).padStart(2, "0")}-${new Date().toISOString().replace(/[:.]/g, "-")}`,
  );
  const layout = join(dir, "registry");
  await mkdir(join(layout, "blobs", "sha256"), { recursive: true });
  const written = new Set<string>();
  const entries: Descriptor[] = [];
  for (const repository of labRepositories(lab)) {
    const full = `${session.prefix}/${repository}`;
    for (const tag of await client.tags(full)) {
      const root = await client.manifest(full, tag);
      const graph = await walkGraph(client, full, root.digest, { verifyBlobs: false });
      for (const node of graph.nodes.values()) {
        if (written.has(node.digest) || node.state !== "ok") continue;
        const bytes = node.raw ?? (await client.blob(full, { digest: node.digest, size: node.size }));
        await writeFile(join(layout, "blobs", "sha256", digestHex(node.digest)), bytes);
        written.add(node.digest);
      }
      entries.push({
        mediaType: root.mediaType,
        digest: root.digest,
        size: root.raw.byteLength,
        annotations: { "org.opencontainers.image.ref.name": `${repository}:${tag}` },
      });
    }
  }
  await writeFile(join(layout, "oci-layout"), '{"imageLayoutVersion":"1.0.0"}');
  await writeFile(
    join(layout, "index.json"),
    JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: entries }, null, 2),
  );
  await cp(session.workspace, join(dir, "workspace"), { recursive: true, verbatimSymlinks: true }).catch(ignoreMissing);
  return { dir, tags: entries.length, objects: written.size };
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== "ENOENT") throw error;
}
