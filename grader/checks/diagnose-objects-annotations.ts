import { MediaType } from "../oci/media-types.js";
import { listWords } from "./describe.js";
import type { Explanation } from "./explain-digest.js";

// Comparing an annotation map with what a task wants (image-spec annotations.md): equal values, keys present or
// absent, values matching a pattern; and why annotations go missing (Docker lists cannot carry them).

/** What a check wants of an annotation map. */
export interface AnnotationRules {
  readonly equals?: Readonly<Record<string, string>>;
  readonly present?: readonly string[];
  readonly absent?: readonly string[];
  readonly matches?: Readonly<Record<string, RegExp>>;
}

/** How a map differs from the rules. */
export interface AnnotationReview {
  readonly missing: readonly string[];
  readonly wrong: readonly { readonly key: string; readonly actual: string }[];
  readonly unwanted: readonly string[];
}

// Compares an annotation map (undefined = none) with the rules.
export function reviewAnnotations(
  map: Readonly<Record<string, string>> | undefined,
  rules: AnnotationRules,
): AnnotationReview {
  const has = (k: string) => map !== undefined && Object.hasOwn(map, k);
  const wanted = [...Object.keys(rules.equals ?? {}), ...(rules.present ?? []), ...Object.keys(rules.matches ?? {})];
  const missing = [...new Set(wanted.filter((k) => !has(k)))];
  const wrong: { key: string; actual: string }[] = [];
  for (const [key, value] of Object.entries(rules.equals ?? {}))
    if (has(key) && map?.[key] !== value) wrong.push({ key, actual: map?.[key] ?? "" });
  for (const [key, re] of Object.entries(rules.matches ?? {}))
    if (has(key) && !re.test(map?.[key] ?? "")) wrong.push({ key, actual: map?.[key] ?? "" });
  const unwanted = (rules.absent ?? []).filter(has);
  return { missing, wrong, unwanted };
}

// True when nothing differs.
export function isCleanAnnotations(review: AnnotationReview): boolean {
  return review.missing.length + review.wrong.length + review.unwanted.length === 0;
}

// The rules in words (for `expected`).
export function describeRules(rules: AnnotationRules): string {
  const parts = [
    ...Object.entries(rules.equals ?? {}).map(([k, v]) => `\`${k}\` = \`${v}\``),
    ...(rules.present ?? []).map((k) => `\`${k}\` set`),
    ...Object.entries(rules.matches ?? {}).map(([k, re]) => `\`${k}\` matching /${re.source}/`),
    ...(rules.absent ?? []).map((k) => `no \`${k}\``),
  ];
  return listWords(parts);
}

const key = (k: string) => `\`${k}\``;

// The recognised reason for a difference: the object cannot carry annotations, lost all of them, or differs.
export function explainAnnotations(
  review: AnnotationReview,
  map: Readonly<Record<string, string>> | undefined,
  objectMediaType: string | undefined,
): Explanation {
  const keep =
    "Keep the original JSON and edit only what the task asks, or add the annotations back before publishing (for example `regctl index create --annotation`, `docker buildx imagetools create --annotation index:KEY=VALUE`).";
  if (review.missing.length > 0 && objectMediaType === MediaType.dockerManifestList) {
    return {
      diagnosis: `It is a Docker manifest list, which has no annotations: ${listWords(review.missing.map(key))} ${review.missing.length === 1 ? "is" : "are"} gone (docker manifest lists cannot carry them).`,
      hint: `Publish an OCI image index instead. ${keep}`,
    };
  }
  if (review.missing.length > 0 && (!map || Object.keys(map).length === 0)) {
    return {
      diagnosis: "It carries no annotations at all: it was re-created by a tool that does not copy them.",
      hint: keep,
    };
  }
  if (review.missing.length > 0) return { diagnosis: `It lacks ${listWords(review.missing.map(key))}.`, hint: keep };
  if (review.wrong.length > 0) {
    const shown = review.wrong.map((w) => `${key(w.key)} is \`${w.actual}\``);
    return {
      diagnosis: `${listWords(shown)}.`,
      hint: "Set each annotation to the value the task names (copy it from the original object).",
    };
  }
  return {
    diagnosis: `${listWords(review.unwanted.map(key))} ${review.unwanted.length === 1 ? "is" : "are"} still set.`,
    hint: "Remove those annotations and publish the object again.",
  };
}
