import type { Digest } from "../oci/digest.js";
import type { Manifest, Platform } from "../oci/types.js";
import type { GradeContext } from "./context.js";
import { seedTarget } from "./diagnose-objects.js";
import { explainMissingReferrers, referrerMatches } from "./diagnose-objects-referrers.js";
import { refField, seedField, unknownFields } from "./fields.js";
import { type CheckOutcome, defineCheck, type FieldProblem } from "./kind.js";
import { type LabRef, prefixed } from "./lab-ref.js";
import {
  type CountRule,
  countRuleField,
  countSatisfies,
  countTooLow,
  describeCountRule,
  isEmptyCountRule,
} from "./objects-count.js";
import {
  exactlyOneOf,
  optionalPlatformField,
  optionalStringField,
  optionalStringMapField,
  repositoryField,
} from "./objects-fields.js";
import { loadRef, unusableOutcome } from "./objects-load.js";
import { counted } from "./objects-words.js";

/** The subject: a reference, or a seeded object (or one entry of it) in a repository. */
export type ReferrerSubject =
  | { readonly ref: LabRef }
  | { readonly repository: string; readonly seed: string; readonly child?: Platform };

/** A subject has referrers (API or fallback tag) of an artifact type, counted, optionally with annotations. */
export interface ReferrersSpec {
  readonly subject: ReferrerSubject;
  readonly artifactType?: string;
  readonly annotations?: Readonly<Record<string, string>>;
  /** Default: at least one. */
  readonly rule: CountRule;
}

// Referrers are manifests whose `subject` names the object (image-spec manifest.md "subject"), listed by the
// referrers API or, where a registry lacks it, the `<alg>-<hex>` fallback tag (distribution-spec "Listing Referrers").
// https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#listing-referrers
// https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#image-manifest-property-descriptions
export const referrers = defineCheck<ReferrersSpec>({
  kind: "referrers",
  summary: "an object has referrers (artifacts whose subject it is) of an artifact type, counted, with annotations",
  validate(fields, scope) {
    const problems: FieldProblem[] = [];
    unknownFields(
      fields,
      ["subject", "repository", "seed", "child", "artifactType", "annotations", "count", "min", "max"],
      problems,
    );
    const subject = subjectField(fields, scope, problems);
    const artifactType = optionalStringField(fields, "artifactType", problems);
    const annotations = optionalStringMapField(fields, "annotations", problems);
    const rule = countRuleField(fields, problems, false);
    if (problems.length > 0 || !subject || !rule) return { problems };
    const spec = {
      subject,
      rule: isEmptyCountRule(rule) ? { min: 1 } : rule,
      ...(artifactType ? { artifactType } : {}),
      ...(annotations ? { annotations } : {}),
    };
    return { spec, problems };
  },
  async run(spec, ctx) {
    const subject = await resolveSubject(spec.subject, ctx);
    if ("status" in subject) return subject;
    const all = await ctx.source.referrers(prefixed(ctx.prefix, subject.repository), subject.digest);
    const matching = all.filter((d) => referrerMatches(d, spec));
    const what = `${describeCountRule(spec.rule)} ${spec.artifactType ? `\`${spec.artifactType}\` ` : ""}referrers`;
    const found = counted(matching.length, "matching referrer");
    if (countSatisfies(spec.rule, matching.length)) return { status: "pass", summary: `${subject.name} has ${found}.` };
    const base = {
      status: "fail" as const,
      summary: `${subject.name} has ${found}.`,
      expected: what,
      actual: `${found} (${counted(all.length, "referrer")} in all)`,
    };
    if (!countTooLow(spec.rule, matching.length)) {
      return {
        ...base,
        diagnosis: "Older attachments were not removed, or the artifact was attached more than once.",
        hint: "Delete the artifacts that are no longer wanted, by digest.",
      };
    }
    return { ...base, ...(await explainMissingReferrers(ctx, subject.repository, subject, all, spec)) };
  },
});

function subjectField(
  fields: Readonly<Record<string, unknown>>,
  scope: Parameters<typeof seedField>[2],
  problems: FieldProblem[],
): ReferrerSubject | undefined {
  const which = exactlyOneOf(fields, ["subject", "seed"], problems);
  if (which === "subject") {
    if (fields.repository !== undefined || fields.child !== undefined)
      problems.push({ path: ["repository"], message: "`repository` and `child` go with `seed`" });
    const ref = refField(fields, "subject", problems);
    return ref ? { ref } : undefined;
  }
  const repository = repositoryField(fields, "repository", problems);
  const seed = which === "seed" ? seedField(fields, "seed", scope, problems) : undefined;
  const child = optionalPlatformField(fields, "child", problems);
  return repository && seed ? { repository, seed, ...(child ? { child } : {}) } : undefined;
}

interface ResolvedSubject {
  readonly repository: string;
  readonly digest: Digest;
  readonly manifest?: Manifest;
  readonly name: string;
}

async function resolveSubject(subject: ReferrerSubject, ctx: GradeContext): Promise<ResolvedSubject | CheckOutcome> {
  if ("ref" in subject) {
    const loaded = await loadRef(ctx, subject.ref);
    if (loaded.state !== "found") return unusableOutcome(subject.ref, loaded, `Publish \`${subject.ref.text}\` first.`);
    return {
      repository: subject.ref.repository,
      digest: loaded.fetched.digest,
      manifest: loaded.fetched.value,
      name: `\`${subject.ref.text}\``,
    };
  }
  const target = seedTarget(ctx, subject.seed, subject.child);
  if (typeof target === "string") return { status: "error", summary: target };
  const ref = { repository: subject.repository, reference: target.fact.digest, text: subject.repository };
  const loaded = await loadRef(ctx, ref);
  const manifest = loaded.state === "found" ? loaded.fetched.value : undefined;
  return {
    repository: subject.repository,
    digest: target.fact.digest,
    ...(manifest ? { manifest } : {}),
    name: `The seeded object in \`${subject.repository}\``,
  };
}
