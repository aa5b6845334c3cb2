import { OciFormatError } from "../oci/format-error.js";
import type { ImageIndex } from "../oci/types.js";
import { walkGraph } from "../oci/walk.js";
import type { Expected } from "./answer-compare.js";
import { AnswerSourceError } from "./answer-spec.js";
import type { GradeContext } from "./context.js";
import { parseLayoutIndex } from "./parse-oci-layout.js";
import { createLayoutSource } from "./workspace-file-layout-source.js";

// The number of blobs of an OCI image layout in the workspace (lab 6's `blob_count`): the distinct digests
// reachable from every descriptor of its index.json and present under `blobs/`. The workspace reader lists no
// directories, so blobs that nothing references are not counted.

// The expected blob count of the layout at `dir`.
export async function layoutBlobCount(ctx: GradeContext, dir: string): Promise<Expected> {
  if (!ctx.workspace) throw new AnswerSourceError("there is no workspace to read here");
  const raw = await ctx.workspace.read(`${dir}/index.json`, ctx.limits.maxManifestBytes);
  if (!raw) throw new AnswerSourceError(`\`${dir}/index.json\` does not exist`);
  let manifests: ImageIndex["manifests"];
  try {
    manifests = parseLayoutIndex(raw).manifests;
  } catch (error) {
    if (error instanceof OciFormatError)
      throw new AnswerSourceError(`\`${dir}/index.json\` is not an image index: ${error.message}`);
    throw error;
  }
  const mediaTypes = new Map(manifests.map((d) => [d.digest as string, d.mediaType]));
  const source = createLayoutSource(ctx.workspace, dir, ctx.limits, mediaTypes);
  const present = new Set<string>();
  for (const descriptor of manifests) {
    const graph = await walkGraph(source, dir, descriptor.digest, { limits: ctx.limits, deadline: ctx.deadline });
    for (const node of graph.nodes.values()) if (node.state !== "missing") present.add(node.digest);
  }
  return { type: "number", value: present.size };
}
