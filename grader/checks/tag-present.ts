import { isValidTag } from "../oci/reference.js";
import { compileTagGlob, listTags, repositoryTags } from "./diagnose-objects-tags.js";
import { unknownFields } from "./fields.js";
import { defineCheck, type FieldProblem } from "./kind.js";
import { exactlyOneOf, repositoryField } from "./objects-fields.js";

/** A tag (or at least one tag matching a glob) is listed in a repository. */
export interface TagPresenceSpec {
  readonly repository: string;
  readonly tag?: string;
  readonly pattern?: RegExp;
  /** The glob as written, for messages. */
  readonly patternText?: string;
}

// Reads `repository` and one of `tag` / `pattern`; shared by tag-present and tag-absent.
export function validateTagPresence(fields: Readonly<Record<string, unknown>>): {
  spec?: TagPresenceSpec;
  problems: FieldProblem[];
} {
  const problems: FieldProblem[] = [];
  unknownFields(fields, ["repository", "tag", "pattern"], problems);
  const repository = repositoryField(fields, "repository", problems);
  const which = exactlyOneOf(fields, ["tag", "pattern"], problems);
  const tag = which === "tag" ? fields.tag : undefined;
  if (which === "tag" && (typeof tag !== "string" || !isValidTag(tag)))
    problems.push({ path: ["tag"], message: "`tag` must be a valid tag" });
  const pattern = which === "pattern" ? compileTagGlob(fields.pattern, problems) : undefined;
  if (problems.length > 0 || !repository) return { problems };
  return {
    spec: { repository, ...(pattern ? { pattern, patternText: fields.pattern as string } : { tag: tag as string }) },
    problems,
  };
}

// "`v1`" or "a tag matching `sha256-*`".
export function describeTagPresence(spec: TagPresenceSpec): string {
  return spec.tag ? `tag \`${spec.tag}\`` : `a tag matching \`${spec.patternText}\``;
}

// The listed tags the spec names.
export function matchingTags(spec: TagPresenceSpec, tags: readonly string[]): string[] {
  return tags.filter((t) => (spec.tag ? t === spec.tag : spec.pattern?.test(t)));
}

// The tag list is registry state (distribution-spec "Listing Tags"); a submission bundle cannot prove it.
// https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#listing-tags
export const tagPresent = defineCheck<TagPresenceSpec>({
  kind: "tag-present",
  summary: "a tag (or a tag matching a glob) is listed in a repository",
  gradableFromBundle: false,
  validate: validateTagPresence,
  async run(spec, ctx) {
    const tags = await repositoryTags(ctx, spec.repository);
    const found = matchingTags(spec, tags);
    const what = describeTagPresence(spec);
    if (found.length > 0) return { status: "pass", summary: `\`${spec.repository}\` has ${listTags(found)}.` };
    const near = spec.tag ? tags.filter((t) => t.toLowerCase() === spec.tag?.toLowerCase()) : [];
    return {
      status: "fail",
      summary: `\`${spec.repository}\` has no ${what}.`,
      expected: what,
      actual: tags.length === 0 ? "no tags at all" : `tags ${listTags(tags)}`,
      diagnosis:
        near.length > 0
          ? `Tags are case-sensitive: ${listTags(near)} is another tag.`
          : tags.length === 0
            ? `\`${spec.repository}\` has no tags: the push went to another repository (check the lab prefix), or did not succeed.`
            : `The tag was not pushed to \`${spec.repository}\`.`,
      hint: `Push (or copy) to \`${spec.repository}\` with the tag the task names, then list the tags to confirm.`,
    };
  },
});
