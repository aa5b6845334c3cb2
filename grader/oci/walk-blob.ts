import { decodeImageConfig } from "./decode-config.js";
import { OciFormatError } from "./format-error.js";
import { isImageConfigMediaType, isLayerMediaType } from "./media-types.js";
import type { Descriptor } from "./types.js";
import { failedNode, kindOfVisit, referencedNode } from "./walk-node.js";
import { describeVisit, problemAt, sizeMismatch } from "./walk-problems.js";
import type { GraphNode, NodeKind, Visit, WalkContext } from "./walk-types.js";

// Visiting a config, layer or other blob. Image configs are fetched and decoded; other blobs are streamed
// through verification (verifyBlobs) or checked for presence. Descriptor `urls` are never followed: a blob
// that is not in the repository but has urls is reported as foreign and not fetched.

// Checks one blob and returns its node.
export async function visitBlob(
  ctx: WalkContext,
  visit: Visit & { descriptor: Descriptor },
): Promise<GraphNode | undefined> {
  const kind = kindOfVisit(visit, isLayerMediaType);
  const { descriptor } = visit;
  try {
    if (await isAbsentForeign(ctx, descriptor)) {
      const message = `${describeVisit(visit)} has urls and is not in \`${ctx.repository}\`: foreign blobs are never fetched`;
      ctx.problems.push(problemAt(visit, "foreign", message));
      return referencedNode(visit, kind, "foreign");
    }
    if (visit.role === "config" && isImageConfigMediaType(descriptor.mediaType)) {
      return await readConfig(ctx, visit, kind);
    }
    return ctx.verifyBlobs ? await streamBlob(ctx, visit, kind) : await checkPresence(ctx, visit, kind);
  } catch (error) {
    return failedNode(ctx, visit, kind, error);
  }
}

// A blob with `urls` that the repository does not hold: the urls are the only place it could come from.
async function isAbsentForeign(ctx: WalkContext, descriptor: Descriptor): Promise<boolean> {
  if (!descriptor.urls || descriptor.urls.length === 0) return false;
  return !(await ctx.source.blobExists(ctx.repository, descriptor.digest));
}

function overLimit(
  ctx: WalkContext,
  visit: Visit & { descriptor: Descriptor },
  limit: "maxConfigBytes" | "maxBlobBytes",
): boolean {
  const bound = ctx.limits[limit];
  if (visit.descriptor.size <= bound) return false;
  ctx.problems.push(
    problemAt(visit, "limit", `${describeVisit(visit)}: ${limit} exceeded (${visit.descriptor.size} > ${bound})`),
  );
  return true;
}

async function readConfig(
  ctx: WalkContext,
  visit: Visit & { descriptor: Descriptor },
  kind: NodeKind,
): Promise<GraphNode> {
  if (overLimit(ctx, visit, "maxConfigBytes")) return referencedNode(visit, kind, "skipped");
  const raw = await ctx.source.blob(ctx.repository, visit.descriptor, ctx.limits.maxConfigBytes);
  if (raw.byteLength !== visit.descriptor.size) {
    ctx.problems.push(sizeMismatch(visit, visit.descriptor.size, raw.byteLength));
    return { ...referencedNode(visit, kind, "invalid"), raw };
  }
  try {
    return { ...referencedNode(visit, kind, "ok"), raw, config: decodeImageConfig(raw, ctx.limits.maxJsonDepth) };
  } catch (error) {
    if (!(error instanceof OciFormatError)) throw error;
    ctx.problems.push(
      problemAt(visit, "invalid", `${describeVisit(visit)} is not a valid image configuration: ${error.message}`),
    );
    return { ...referencedNode(visit, kind, "invalid"), raw };
  }
}

async function streamBlob(
  ctx: WalkContext,
  visit: Visit & { descriptor: Descriptor },
  kind: NodeKind,
): Promise<GraphNode> {
  if (overLimit(ctx, visit, "maxBlobBytes")) {
    const present = await checkPresence(ctx, visit, kind);
    return present.state === "ok" ? { ...present, state: "skipped" } : present;
  }
  let bytes = 0;
  for await (const chunk of ctx.source.blobStream(ctx.repository, visit.descriptor)) {
    bytes += chunk.byteLength;
    if (bytes > visit.descriptor.size) break;
    ctx.deadline.check(`verifying ${describeVisit(visit)}`);
  }
  if (bytes !== visit.descriptor.size) {
    ctx.problems.push(
      sizeMismatch(
        visit,
        visit.descriptor.size,
        bytes > visit.descriptor.size ? `more than ${visit.descriptor.size}` : bytes,
      ),
    );
    return referencedNode(visit, kind, "invalid");
  }
  return referencedNode(visit, kind, "ok");
}

async function checkPresence(ctx: WalkContext, visit: Visit, kind: NodeKind): Promise<GraphNode> {
  if (await ctx.source.blobExists(ctx.repository, visit.reference as Descriptor["digest"]))
    return referencedNode(visit, kind, "ok");
  ctx.problems.push(problemAt(visit, "missing", `${describeVisit(visit)} is not in \`${ctx.repository}\``));
  return referencedNode(visit, kind, "missing");
}
