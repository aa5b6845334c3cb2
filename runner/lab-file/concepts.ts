import { editDistance } from "./fields.js";

// The concept vocabulary of `teaches:` / `uses:`, and the rule that a lab only uses concepts taught before it.

/** Every concept a lab may teach or use, with a one-line definition. */
export const CONCEPTS: Readonly<Record<string, string>> = {
  tags: "A tag is a mutable name in a repository pointing at one manifest; moving it changes no bytes.",
  "manifest-digest": "The digest of a manifest's exact bytes: what `@sha256:…` pins and what registries address.",
  "image-manifest": "The JSON that lists an image's config and layers as descriptors (media type, digest, size).",
  descriptors: "A descriptor names content by media type, digest and size; the size and digest are of raw bytes.",
  "image-config": "The config blob: platform, runtime defaults (Env, Cmd, …), history and the layers' DiffIDs.",
  "image-id": "The digest of the config blob: the local identity of an image, not what a registry addresses.",
  "layers-and-diff-ids": "A layer is a (compressed) tar changeset; its DiffID is the digest of the uncompressed tar.",
  whiteouts: "A `.wh.` entry deletes a lower file in a layer; `.wh..wh..opq` hides a whole directory.",
  "chain-id": "The ChainID folds the DiffIDs of a layer and all below it into one digest of the stacked filesystem.",
  "registry-api": "The distribution API: GET manifests and blobs by reference, the upload protocol, tag listing.",
  "blob-upload": "Pushing a blob: start an upload session, send the bytes, close it with the digest.",
  "image-index": "An index (or Docker manifest list) points at one manifest per platform, plus attestations.",
  "platform-selection":
    "A client picks the index entry whose os/architecture/variant match the host, trusting the index.",
  attestations: "BuildKit stores provenance and SBOMs as `unknown/unknown` manifests in the index, not as platforms.",
  "media-types": "Docker and OCI media types name the same kinds of objects; converting between them rewrites bytes.",
  "registry-copy": "Copying between registries moves bytes; a copy keeps digests only if nothing is re-encoded.",
  "oci-layout":
    "An OCI image layout on disk: `oci-layout`, `index.json` and `blobs/sha256/`, with ref-name annotations.",
  "digest-pinning": "Referring to an image by digest so a moved tag cannot change what runs.",
  referrers: "OCI 1.1 artifacts point at a subject; the referrers API (or a fallback tag) lists them.",
  deletion: "Deleting by digest removes a manifest and every tag on it; blobs are unlinked per repository.",
  "garbage-collection": "A registry frees blobs no manifest references only when garbage collection runs.",
};

/** A lab as the concept rule sees it: its number (if valid) and where each tag is written. */
export interface ConceptLab {
  readonly file: string;
  readonly number: number | undefined;
  readonly teaches: readonly ConceptTag[];
  readonly uses: readonly ConceptTag[];
}

/** A concept name as written, at its path in the lab file. */
export interface ConceptTag {
  readonly name: string;
  readonly path: readonly (string | number)[];
}

/** A finding of the concept rule: a problem, or a warning for a curriculum that is still being written. */
export interface ConceptFinding {
  readonly file: string;
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly severity: "problem" | "warning";
}

// Checks concept names and order: a concept a lab uses must be taught by the lab itself or a lower-numbered one.
// A concept no lab teaches yet is a warning while a lower lab number is still unwritten (that lab may teach it),
// and a problem once every earlier lab exists. Without a valid number only the names are checked.
export function conceptFindings(labs: readonly ConceptLab[], lab: ConceptLab): ConceptFinding[] {
  const findings: ConceptFinding[] = [];
  const add = (tag: ConceptTag, message: string, severity: ConceptFinding["severity"] = "problem") =>
    findings.push({ file: lab.file, path: tag.path, message, severity });
  for (const tag of [...lab.teaches, ...lab.uses]) {
    if (!(tag.name in CONCEPTS)) add(tag, unknownConcept(tag.name));
  }
  const number = lab.number;
  if (number === undefined) return findings;
  for (const tag of lab.uses) {
    if (!(tag.name in CONCEPTS) || lab.teaches.some((t) => t.name === tag.name)) continue;
    const teachers = labs.flatMap((l) =>
      l !== lab && l.teaches.some((t) => t.name === tag.name) ? (l.number ?? []) : [],
    );
    if (teachers.some((n) => n < number)) continue;
    const later = teachers.filter((n) => n > number);
    if (later.length > 0) {
      add(
        tag,
        `\`${tag.name}\` is used before it is taught: lab ${later.join(", ")} teaches it, after this lab ${number}. Teach it here or in an earlier lab.`,
      );
      continue;
    }
    const unwritten = missingNumbersBelow(labs, number);
    if (unwritten.length > 0) {
      add(
        tag,
        `no lab teaches \`${tag.name}\` yet; one of the unwritten labs ${formatRange(unwritten)} must (\`teaches: [${tag.name}]\`).`,
        "warning",
      );
    } else {
      add(tag, `no earlier lab teaches \`${tag.name}\`. Add it to an earlier lab's \`teaches:\`, or to this lab's.`);
    }
  }
  return findings;
}

// "unknown concept" with the closest known one, if any is close.
export function unknownConcept(name: string): string {
  const near = closest(name, Object.keys(CONCEPTS));
  const suggestion = near ? ` (did you mean \`${near}\`?)` : "";
  return `unknown concept \`${name}\`${suggestion}. Concepts are listed in docs/lab-format.md (runner/lab-file/concepts.ts).`;
}

// The known word closest to `name`, when it is close enough to be a typo or a near miss.
export function closest(name: string, known: readonly string[]): string | undefined {
  const scored = known
    .map((k) => ({ k, d: k.includes(name) || name.includes(k) ? 1 : editDistance(k, name) }))
    .sort((a, b) => a.d - b.d);
  const best = scored[0];
  return best && best.d <= Math.max(2, Math.floor(name.length / 3)) ? best.k : undefined;
}

function missingNumbersBelow(labs: readonly ConceptLab[], number: number): number[] {
  const present = new Set(labs.map((l) => l.number));
  return Array.from({ length: number - 1 }, (_, i) => i + 1).filter((n) => !present.has(n));
}

function formatRange(numbers: readonly number[]): string {
  const first = numbers[0];
  const last = numbers[numbers.length - 1];
  const contiguous = last !== undefined && first !== undefined && last - first + 1 === numbers.length;
  return contiguous && numbers.length > 2 ? `${first}–${last}` : numbers.join(", ");
}
