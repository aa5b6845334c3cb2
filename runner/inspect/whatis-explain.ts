import type { Digest } from "../../grader/oci/digest.js";
import { layerCompression } from "../../grader/oci/media-types.js";
import { shortDigest } from "../../grader/oci/walk-problems.js";
import type { SearchResult } from "./whatis-search.js";
import type { Sighting } from "./whatis-sightings.js";

// What a digest is, in sentences, from where it was seen: its kind (the most telling role first), a summary
// and the tags that reach it. Pure: the search is done before.

export type WhatisKind = Sighting["as"] | "ambiguous" | "unknown";

/** The answer of `labs whatis`. */
export interface WhatisAnswer {
  readonly query: string;
  readonly kind: WhatisKind;
  readonly digest?: Digest;
  readonly candidates?: readonly Digest[];
  readonly summary: string;
  /** A second sentence: what it means or what to do. */
  readonly note?: string;
  /** `repo:tag → how it is reached`, one line per place. */
  readonly where: readonly string[];
  readonly sightings: readonly Sighting[];
  readonly searched: Omit<SearchResult, "sightings">;
}

const PRIORITY: readonly Sighting["as"][] = [
  "index",
  "manifest",
  "attestation",
  "artifact",
  "config",
  "layer",
  "blob",
  "diffid",
  "unreferenced",
];
const MAX_WHERE = 20;

function parentText(s: Sighting): string {
  if (!s.parent) return "";
  const platform = s.parent.platform ? ` (${s.parent.platform})` : "";
  return `${s.parent.role} ${shortDigest(s.parent.digest)}${platform}`;
}

function placeText(s: Sighting): string {
  if (s.as === "unreferenced") return `${s.repository} (stored, no tag reaches it)`;
  const at = `${s.repository}:${s.tag}`;
  if (s.as === "diffid")
    return `${at} → DiffID ${s.layerIndex} in config ${shortDigest(s.config ?? "")} of ${parentText(s)}`;
  return s.parent ? `${at} → ${s.via} of ${parentText(s)}` : `${at} (the tag itself)`;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

function listOf(items: readonly string[]): string {
  const shown = unique(items);
  return shown.length <= 1 ? (shown[0] ?? "") : `${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}`;
}

function entriesText(entries: readonly string[]): string {
  const attestations = entries.filter((e) => e === "attestation").length;
  const images = entries.filter((e) => e !== "attestation");
  const extra = attestations > 0 ? [`${attestations} attestation${attestations === 1 ? "" : "s"}`] : [];
  return `${entries.length} entries: ${listOf([...unique(images), ...extra]) || "none"}`;
}

function platformOf(digest: Digest | undefined, all: readonly Sighting[]): string {
  const platform = all.find((s) => s.digest === digest && s.platform)?.platform;
  return platform ? ` (${platform})` : "";
}

function summaryOf(d: string, first: Sighting, same: readonly Sighting[], all: readonly Sighting[]): string {
  const parents = listOf(same.filter((s) => s.parent).map(parentText));
  switch (first.as) {
    case "index":
      return `\`${d}\` is an image index (${first.type}) with ${entriesText(first.entries ?? [])}.`;
    case "manifest":
      return `\`${d}\` is an image manifest (${first.type}) for ${first.platform ?? "an unknown platform"}, with ${first.layers} layer${first.layers === 1 ? "" : "s"}.`;
    case "attestation":
      return `\`${d}\` is an attestation manifest (${first.type}): in-toto statements about the image manifest ${shortDigest(first.describes ?? "")}${platformOf(first.describes, all)}, not a runnable image.`;
    case "artifact":
      return `\`${d}\` is an artifact (${first.artifactType ?? first.type}) whose subject is ${parents}: a referrer, found through the referrers API or its fallback tag.`;
    case "config":
      return `\`${d}\` is an image config: the image ID of ${parents}.`;
    case "layer": {
      const compression = layerCompression(first.mediaType ?? "") ?? "none";
      const stored = compression === "none" ? "stored as an uncompressed tar" : `stored compressed with ${compression}`;
      const positions = listOf(same.map((s) => `layer ${s.layerIndex} of ${parentText(s)}`));
      return `\`${d}\` is a layer blob (${first.type}, ${stored}): ${positions}.`;
    }
    case "blob":
      return `\`${d}\` is a blob (${first.type}) referenced as ${first.via} of ${parents}.`;
    case "diffid":
      return `\`${d}\` is a DiffID, not a blob: the sha256 of the uncompressed tar of layer ${first.layerIndex} of ${parentText(first)}, listed in \`rootfs.diff_ids\` of config ${shortDigest(first.config ?? "")}.`;
    case "unreferenced":
      return `\`${d}\` is stored in ${listOf(same.map((s) => `\`${s.repository}\``))} as a ${first.type}, but no tag reaches it.`;
  }
}

function noteOf(first: Sighting, kinds: ReadonlySet<Sighting["as"]>): string | undefined {
  if (first.as === "diffid") {
    const blob = first.layerDigest ? `as blob \`${first.layerDigest}\`` : "as a blob with another digest";
    return `The registry stores that layer compressed, ${blob}: fetch it by that digest. A DiffID names the uncompressed content, and no registry object has it as its digest.`;
  }
  if (first.as === "layer" && kinds.has("diffid")) {
    return "It is also a DiffID: the layer is stored uncompressed, so its blob digest and its DiffID are the same.";
  }
  if (first.as === "config")
    return "A container engine shows this digest as the image's ID (`docker images` prints its first 12 hex characters).";
  if (first.as === "unreferenced")
    return "An orphan: garbage collection may remove it. Tag it, or reference it from a manifest, to keep it.";
  return undefined;
}

// The answer for a digest seen at `sightings` (all sightings of the search, for platforms of related objects).
export function explainDigest(
  query: string,
  digest: Digest,
  sightings: readonly Sighting[],
  searched: WhatisAnswer["searched"],
): WhatisAnswer {
  const mine = sightings.filter((s) => s.digest === digest);
  const kinds = new Set(mine.map((s) => s.as));
  const kind = PRIORITY.find((k) => kinds.has(k));
  const same = mine.filter((s) => s.as === kind);
  const first = same[0];
  if (!kind || !first) return explainUnknown(query, searched, digest);
  const places = unique(mine.map(placeText));
  const where =
    places.length > MAX_WHERE ? [...places.slice(0, MAX_WHERE), `… and ${places.length - MAX_WHERE} more`] : places;
  const stateNote =
    first.state && first.state !== "ok"
      ? `It is ${first.state.toUpperCase()}. ${first.advice ?? ""}`.trim()
      : undefined;
  const note = [noteOf(first, kinds), stateNote].filter((n) => n !== undefined).join(" ") || undefined;
  return {
    query,
    kind,
    digest,
    summary: summaryOf(digest, first, same, sightings),
    ...(note ? { note } : {}),
    where,
    sightings: mine,
    searched,
  };
}

// The answer when a shortened digest matches several objects.
export function explainAmbiguous(
  query: string,
  candidates: readonly Digest[],
  searched: WhatisAnswer["searched"],
): WhatisAnswer {
  return {
    query,
    kind: "ambiguous",
    candidates,
    summary: `\`${query}\` is ambiguous: it is the start of ${candidates.length} digests in the lab registry.`,
    note: "Give more hex characters, or the whole digest.",
    where: [...candidates],
    sightings: [],
    searched,
  };
}

// The answer when nothing searched has the digest.
export function explainUnknown(query: string, searched: WhatisAnswer["searched"], digest?: Digest): WhatisAnswer {
  const partial = searched.complete ? "" : " (the search stopped at its deadline, so it may be incomplete)";
  return {
    query,
    kind: "unknown",
    ...(digest ? { digest } : {}),
    summary: `Nothing in the lab registry has a digest ${digest ? `\`${digest}\`` : `starting with \`${query}\``}${partial}.`,
    note: "It may come from another registry, be the ID of an image you built locally, or hash something that was never pushed.",
    where: [],
    sightings: [],
    searched,
  };
}
