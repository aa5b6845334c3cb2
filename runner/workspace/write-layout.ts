import { randomBytes } from "node:crypto";
import { mkdir, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { LayoutSpec } from "../../grader/lab/types.js";
import { digestHex } from "../../grader/oci/digest.js";
import { MediaType } from "../../grader/oci/media-types.js";
import { type Built, pushPlan } from "../seed/built.js";
import { encodeJson } from "../seed/json.js";
import type { WrittenFile } from "./write-files.js";

/** The ref-name annotation of an OCI image layout's index.json (image-spec annotations.md). */
export const REF_NAME = "org.opencontainers.image.ref.name";

// Writes an OCI image layout (oci-layout, index.json, blobs/sha256) holding seeded objects under ref names;
// an existing layout folder is the learner's and is kept.
export async function writeLayout(
  dir: string,
  spec: LayoutSpec,
  objects: ReadonlyMap<string, Built>,
): Promise<WrittenFile> {
  const root = join(dir, spec.path);
  if (await exists(join(root, "index.json"))) return { path: spec.path, outcome: "kept-yours" };
  await mkdir(join(root, "blobs", "sha256"), { recursive: true });
  const entries = [];
  for (const ref of spec.refs) {
    const built = objects.get(ref.target);
    if (!built) throw new Error(`layout ${spec.path} names unknown object "${ref.target}"`);
    const plan = pushPlan(built);
    for (const blob of [...plan.blobs, ...plan.manifests])
      await atomicWrite(join(root, "blobs", "sha256", digestHex(blob.digest)), blob.bytes);
    const m = built.manifest;
    entries.push({ mediaType: m.mediaType, digest: m.digest, size: m.size, annotations: { [REF_NAME]: ref.name } });
  }
  await atomicWrite(join(root, "oci-layout"), encodeJson({ imageLayoutVersion: "1.0.0" }));
  await atomicWrite(
    join(root, "index.json"),
    encodeJson({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: entries }),
  );
  return { path: spec.path, outcome: "written" };
}

async function atomicWrite(file: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, file);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
