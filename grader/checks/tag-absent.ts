import type { GradeContext } from "./context.js";
import { describeKind, shortDigest } from "./describe.js";
import { digestTagRole, listTags, repositoryTags, tagsPointingAt } from "./diagnose-objects-tags.js";
import type { CheckOutcome } from "./kind.js";
import { defineCheck } from "./kind.js";
import { loadRef } from "./objects-load.js";
import { describeTagPresence, matchingTags, type TagPresenceSpec, validateTagPresence } from "./tag-present.js";

// Tag removal is registry state (distribution-spec "Deleting Manifests": deleting by digest removes every tag on
// it; deleting a tag alone is optional); a submission bundle cannot prove it.
// https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#deleting-tags
export const tagAbsent = defineCheck<TagPresenceSpec>({
  kind: "tag-absent",
  summary: "a tag (or every tag matching a glob) is gone from a repository",
  gradableFromBundle: false,
  validate: validateTagPresence,
  async run(spec, ctx) {
    const found = matchingTags(spec, await repositoryTags(ctx, spec.repository));
    const what = describeTagPresence(spec);
    if (found.length === 0) return { status: "pass", summary: `\`${spec.repository}\` has no ${what}.` };
    const base = {
      status: "fail" as const,
      summary: `\`${spec.repository}\` still has ${listTags(found)}.`,
      expected: `no ${what}`,
      actual: `${found.length} ${found.length === 1 ? "tag" : "tags"}: ${listTags(found)}`,
    };
    const role = digestTagRole(found[0] as string);
    if (spec.pattern && role) {
      return {
        ...base,
        diagnosis: `\`${found[0]}\` is ${role}; it stays until it is deleted too.`,
        hint: "Delete the manifest each such tag points at, by digest (a registry deletes a manifest's tags with it).",
      };
    }
    return { ...base, ...(await explainStillTagged(ctx, spec, found[0] as string)) };
  },
});

async function explainStillTagged(
  ctx: GradeContext,
  spec: TagPresenceSpec,
  tag: string,
): Promise<Pick<CheckOutcome, "diagnosis" | "hint">> {
  const loaded = await loadRef(ctx, { repository: spec.repository, reference: tag, text: `${spec.repository}:${tag}` });
  if (loaded.state !== "found") {
    return { diagnosis: `\`${tag}\` is listed but does not resolve to a manifest.`, hint: "Delete the tag itself." };
  }
  const { digest, mediaType } = loaded.fetched;
  const sharing = (await tagsPointingAt(ctx, spec.repository, digest)).filter((t) => t !== tag);
  const shared =
    sharing.length > 0 ? ` Careful: ${listTags(sharing)} point at the same manifest and would go with it.` : "";
  return {
    diagnosis: `\`${tag}\` still points at ${describeKind(mediaType)} (${shortDigest(digest)}).${shared}`,
    hint:
      "Resolve the tag to its digest and delete the manifest by digest (`DELETE /v2/<name>/manifests/<digest>`): " +
      "not every registry deletes by tag (distribution 2.8 answers DIGEST_INVALID).",
  };
}
