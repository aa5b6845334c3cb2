import type { Digest } from "../oci/digest.js";
import type { Descriptor, Manifest } from "../oci/types.js";
import type { GradeContext } from "./context.js";
import { describePlatform, shortDigest } from "./describe.js";
import { seedIndexContaining } from "./diagnose-objects.js";
import { artifactTypeOf } from "./diagnose-objects-media.js";
import { repositoryTags } from "./diagnose-objects-tags.js";
import type { Explanation } from "./explain-digest.js";
import { prefixed } from "./lab-ref.js";
import { loadRef } from "./objects-load.js";

// Why a subject lacks the referrers a task wants (image-spec manifest.md "subject", distribution-spec
// "Listing Referrers"): another type, a near miss on the subject (the index vs one of its images), or no
// subject at all.

/** What the check looks for among referrers. */
export interface ReferrerWanted {
  readonly artifactType?: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

// True when a referrer descriptor is of the wanted type and carries the wanted annotations.
export function referrerMatches(d: Descriptor, wanted: ReferrerWanted): boolean {
  if (wanted.artifactType !== undefined && d.artifactType !== wanted.artifactType) return false;
  return Object.entries(wanted.annotations ?? {}).every(([k, v]) => d.annotations?.[k] === v);
}

const MAX_CHILDREN = 16;
const MAX_TAGS = 50;

// The most specific reason, checked in order: other types, missing annotations, near-miss subjects, no subject.
export async function explainMissingReferrers(
  ctx: GradeContext,
  repository: string,
  subject: { readonly digest: Digest; readonly manifest?: Manifest },
  all: readonly Descriptor[],
  wanted: ReferrerWanted,
): Promise<Explanation> {
  const attach =
    "Attach the artifact with its subject set to this object's digest (`oras attach --artifact-type TYPE REF FILE`, or `regctl artifact put --subject REF`).";
  const ofType = all.filter((d) => referrerMatches(d, { artifactType: wanted.artifactType }));
  if (ofType.length > 0) {
    return {
      diagnosis: "Artifacts of that type refer to it, but without the annotations asked for.",
      hint: "Attach the artifact with those annotations (`oras attach --annotation KEY=VALUE`).",
    };
  }
  if (all.length > 0) {
    const types = [...new Set(all.map((d) => `\`${d.artifactType ?? "no type"}\``))].join(", ");
    return {
      diagnosis: `It has ${all.length} referrers, of type ${types}: the artifact was pushed with another artifactType.`,
      hint: attach,
    };
  }
  const nearMiss = await nearMissSubject(ctx, repository, subject, wanted);
  if (nearMiss) return { diagnosis: nearMiss, hint: attach };
  const loose = await subjectlessArtifact(ctx, repository, subject.digest, wanted);
  return { diagnosis: loose ?? "No artifact refers to it.", hint: attach };
}

async function nearMissSubject(
  ctx: GradeContext,
  repository: string,
  subject: { readonly digest: Digest; readonly manifest?: Manifest },
  wanted: ReferrerWanted,
): Promise<string | undefined> {
  const repo = prefixed(ctx.prefix, repository);
  if (subject.manifest?.kind === "index") {
    for (const entry of subject.manifest.manifests.slice(0, MAX_CHILDREN)) {
      const found = (await ctx.source.referrers(repo, entry.digest)).filter((d) => referrerMatches(d, wanted));
      if (found.length > 0) {
        return `The artifact refers to the ${describePlatform(entry.platform)} image inside the index (${shortDigest(entry.digest)}), not to the index itself.`;
      }
    }
  }
  const parent = seedIndexContaining(ctx.seed, subject.digest);
  if (parent && (await ctx.source.referrers(repo, parent.index.digest)).some((d) => referrerMatches(d, wanted))) {
    return "The artifact refers to the index that lists this image, not to the image itself.";
  }
  return undefined;
}

// An artifact of the wanted type among the repository's tags that has no subject, or another one.
async function subjectlessArtifact(
  ctx: GradeContext,
  repository: string,
  subject: Digest,
  wanted: ReferrerWanted,
): Promise<string | undefined> {
  for (const tag of (await repositoryTags(ctx, repository)).slice(0, MAX_TAGS)) {
    const loaded = await loadRef(ctx, { repository, reference: tag, text: `${repository}:${tag}` });
    const value = loaded.state === "found" ? loaded.fetched.value : undefined;
    if (value?.kind !== "manifest" || (wanted.artifactType && artifactTypeOf(value) !== wanted.artifactType)) continue;
    if (!value.artifactType && !wanted.artifactType) continue;
    if (!value.subject) {
      return `The artifact \`${repository}:${tag}\` has no \`subject\`: it was pushed on its own (\`oras push\`) instead of attached.`;
    }
    if (value.subject.digest !== subject) {
      return `The artifact \`${repository}:${tag}\` refers to ${shortDigest(value.subject.digest)}, another object.`;
    }
  }
  return undefined;
}
