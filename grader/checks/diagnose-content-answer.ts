import { digestOf } from "../oci/digest.js";
import { formatPlatform } from "../oci/platform.js";
import { whiteoutTarget } from "../oci/tar.js";
import { type DigestRole, describeRole, type KnownDigest } from "./answer-catalogue.js";
import { chainIds } from "./answer-chain.js";
import { type Comparison, type Expected, normalizeItem } from "./answer-compare.js";
import type { AnswerCheckSpec } from "./answer-spec.js";
import { explainCause, explainSameImageId } from "./diagnose-content-cause.js";
import { textDifference } from "./diagnose-content-text.js";
import type { Explanation } from "./explain-digest.js";
import type { AnswerValue } from "./inputs.js";

// Predicates over a wrong answer and the observed objects: a digest in the wrong format (upper case, no
// `sha256:`, shortened), the digest of another object (the config for the manifest, the compressed blob for the
// DiffID, the index for a child, another platform's image), a hash of re-formatted JSON, a ChainID computed with
// `echo` or without prefixes, swapped lists and maps, attestation entries counted as platforms. No message quotes
// the expected value or any part of it.

/** What the diagnosis can look at besides the answer. */
export interface AnswerEvidence {
  readonly spec: AnswerCheckSpec;
  readonly expected: Expected;
  readonly known: readonly KnownDigest[];
  /** Exact bytes of the top-level object, for the re-formatting predicate. */
  readonly topRaw?: Uint8Array;
  /** DiffIDs of the image, for the ChainID predicates. */
  readonly diffIds?: readonly string[];
  /** The path asked about is deleted from the merged filesystem but still in a lower layer. */
  readonly hidden: boolean;
  /** For a statement answer: the same value read from the other platforms' attestations. */
  readonly otherPlatforms?: readonly { readonly platform: string; readonly value: string }[];
}

const SHARING: Readonly<Record<string, Explanation>> = {
  digest: {
    diagnosis: "Tags share a digest only when their manifests are byte-for-byte identical.",
    hint: "Compare sha256 of the raw manifest bodies, not their parsed JSON: whitespace, key order and a trailing newline all change a digest.",
  },
  configDigest: {
    diagnosis: "Tags share an image ID exactly when their `config.digest` is equal.",
    hint: "Relabelling media types or recompressing layers keeps the config blob; any change to the config JSON (even `created`) gives a new image ID.",
  },
  layers: {
    diagnosis: "Tags share layer blobs exactly when their `layers[].digest` lists are equal.",
    hint: "Recompressing a layer changes its blob digest even though its DiffID stays; a new config alone does not touch the layers.",
  },
};

const HOW: Readonly<Record<DigestRole, string>> = {
  index:
    "A multi-platform tag points to the index: its digest is the sha256 of the index's own bytes (the `Docker-Content-Digest` of the tag).",
  manifest:
    "A manifest's digest is the sha256 of its exact bytes; for one platform of an index, read that platform's entry in `manifests[]`.",
  config: "The image ID is the digest of the config blob: `config.digest` in the image manifest.",
  layer: "`layers[].digest` in the manifest is the digest of each compressed layer blob, as stored.",
  diffId:
    "A DiffID is the sha256 of the uncompressed layer tar (`gzip -dc LAYER | sha256sum`); the config lists them in `rootfs.diff_ids`.",
  chainId:
    "ChainID(0) = DiffID(0); ChainID(n) = sha256 of the text `ChainID(n-1) DiffID(n)` (both with `sha256:`, one space, no newline).",
  attestation: "Find the index entry whose `vnd.docker.reference.digest` annotation names that image.",
};

const PLURAL: Readonly<Record<DigestRole, string>> = {
  index: "index digests",
  manifest: "manifest digests",
  config: "config digests (image IDs)",
  layer: "compressed layer blob digests",
  diffId: "DiffIDs (uncompressed layer digests)",
  chainId: "ChainIDs",
  attestation: "attestation manifest digests",
};

// The role an answer asks for, when it is a digest of a known kind.
export function askedRole(spec: AnswerCheckSpec, known: readonly KnownDigest[]): DigestRole | undefined {
  if (spec.field === "digest") return spec.platform ? "manifest" : known[0]?.role;
  const roles: Partial<Record<AnswerCheckSpec["field"], DigestRole>> = {
    configDigest: "config",
    layerDigest: "layer",
    layerDigests: "layer",
    sharedLayers: "layer",
    diffId: "diffId",
    diffIds: "diffId",
    chainId: "chainId",
    chainIds: "chainId",
    attestationFor: "attestation",
  };
  return roles[spec.field];
}

// The recognised mistake behind a wrong answer, if any.
export function explainAnswer(
  evidence: AnswerEvidence,
  answer: AnswerValue,
  comparison: Comparison,
): Explanation | undefined {
  const { expected } = evidence;
  if (
    evidence.hidden &&
    (answer === "" || (typeof answer === "string" && /^(null|none|false)$/i.test(answer.trim())))
  ) {
    return {
      diagnosis:
        "The merged filesystem has no such file because a later layer whites it out, but its bytes are still in a lower layer blob.",
      hint: "List each layer's tar separately (for example `tar -tzvf` on each layer blob), not the container's filesystem.",
    };
  }
  if (typeof answer === "string" && expected.type === "digest") return explainDigest(evidence, answer);
  const elsewhere = evidence.otherPlatforms?.find((o) => o.value === String(answer).trim());
  if (elsewhere && String(answer).trim() !== String(expected.value))
    return {
      diagnosis: `Your answer is what the attestation of the \`${elsewhere.platform}\` image says, not of the \`${evidence.spec.platform ? formatPlatform(evidence.spec.platform) : "asked"}\` image.`,
      hint: "Follow the attestation whose `vnd.docker.reference.digest` annotation names the image of the platform asked about.",
    };
  if (typeof answer === "string" && evidence.spec.field === "changeCause")
    return explainCause(answer, String(expected.value));
  if (typeof answer === "string" && evidence.spec.field === "sameImageId")
    return explainSameImageId(answer, String(expected.value));
  if (typeof answer === "string" && (expected.type === "string" || expected.type === "token")) {
    return textDifference(expected.value, answer, "Your answer");
  }
  if (
    typeof answer === "number" &&
    expected.type === "number" &&
    answer === expected.value + 1 &&
    /^file|layer/i.test(evidence.spec.field)
  ) {
    return { diagnosis: "Your answer is one too high.", hint: "Layers are counted from 0: the base layer is layer 0." };
  }
  if (Array.isArray(answer) && expected.type === "list") return explainList(evidence, answer, comparison);
  if (typeof answer === "object" && !Array.isArray(answer) && expected.type === "map") {
    return explainMap(expected, answer as Readonly<Record<string, string>>);
  }
  return undefined;
}

function explainDigest(evidence: AnswerEvidence, answer: string): Explanation | undefined {
  const expected = evidence.expected.value as string;
  const hex = expected.slice(expected.indexOf(":") + 1);
  const text = answer.trim();
  if (text !== answer)
    return { diagnosis: "Your answer has spaces or a newline around it.", hint: "Give the digest alone." };
  if (text !== expected && text.toLowerCase() === expected)
    return { diagnosis: "Your digest uses upper-case letters.", hint: "Digests are written in lower-case hex." };
  if (text === hex)
    return {
      diagnosis: "Your digest lacks the algorithm prefix.",
      hint: "Write it as `sha256:` followed by the 64 hex characters.",
    };
  if (/^(sha256:)?[0-9a-f]{1,63}$/.test(text) && hex.startsWith(text.replace(/^sha256:/, ""))) {
    return {
      diagnosis: `Your digest is shortened to ${text.replace(/^sha256:/, "").length} hex characters (as \`docker images\` shows it).`,
      hint: "Give the full digest: `sha256:` and all 64 hex characters.",
    };
  }
  const asked = askedRole(evidence.spec, evidence.known);
  const hit = evidence.known.find((k) => k.digest === text);
  if (hit && asked) {
    const where = describeRole(
      asked,
      evidence.spec.platform,
      evidence.spec.layer === "top" ? undefined : evidence.spec.layer,
    );
    return {
      diagnosis: `Your answer is ${describeRole(hit.role, hit.platform, hit.layer)}, but the question asks for ${where}.`,
      hint: HOW[asked],
    };
  }
  return reformatted(evidence, text) ?? chainMistake(evidence, text) ?? unknownDigest(text, asked);
}

// The digest of the top-level JSON re-serialised (jq, `docker manifest inspect`, a trailing newline).
function reformatted(evidence: AnswerEvidence, answer: string): Explanation | undefined {
  if (!evidence.topRaw || !/^sha256:[0-9a-f]{64}$/.test(answer)) return undefined;
  const value = JSON.parse(new TextDecoder().decode(evidence.topRaw));
  const texts = [2, 3, 4].flatMap((indent) => [
    JSON.stringify(value, null, indent),
    `${JSON.stringify(value, null, indent)}\n`,
  ]);
  texts.push(`${JSON.stringify(value)}\n`, `${new TextDecoder().decode(evidence.topRaw)}\n`);
  if (!texts.some((t) => digestOf(t) === answer)) return undefined;
  return {
    diagnosis:
      "Your digest is the hash of the same JSON re-formatted (indented, or with a newline added), not of the bytes the registry serves.",
    hint: "Hash the raw response body (`curl` with an Accept header, or `skopeo inspect --raw`), not a re-formatted rendering such as `jq .` or `docker manifest inspect`.",
  };
}

function chainMistake(evidence: AnswerEvidence, answer: string): Explanation | undefined {
  if (!evidence.diffIds || !/^chainId/.test(evidence.spec.field)) return undefined;
  if (chainIds(evidence.diffIds, "echo").includes(answer as never)) {
    return {
      diagnosis: "Your ChainID hashes text that ends with a newline.",
      hint: "`echo` appends a newline: hash with `printf '%s %s'` instead.",
    };
  }
  if (chainIds(evidence.diffIds, "unprefixed").includes(answer as never)) {
    return {
      diagnosis: "Your ChainID hashes the hex digits without the `sha256:` prefixes.",
      hint: "Hash `sha256:<hex> sha256:<hex>`, prefixes included.",
    };
  }
  return undefined;
}

function unknownDigest(answer: string, asked: DigestRole | undefined): Explanation | undefined {
  if (!/^sha256:[0-9a-f]{64}$/.test(answer)) {
    return {
      diagnosis: "Your answer is not a digest.",
      hint: "A digest is `sha256:` followed by 64 lower-case hex characters.",
    };
  }
  return {
    diagnosis:
      "Your digest is none of the objects of this image: it hashes some other bytes (an error page, a re-encoded document, another file).",
    hint: asked
      ? HOW[asked]
      : "Hash the exact bytes the registry serves, fetched with an Accept header for the object's media type.",
  };
}

function explainList(
  evidence: AnswerEvidence,
  answer: readonly string[],
  comparison: Comparison,
): Explanation | undefined {
  if (comparison.reordered)
    return {
      diagnosis: "Your list has the right items in the wrong order.",
      hint: "List them in layer order, base layer first.",
    };
  if (answer.some((a) => /unknown\/unknown/i.test(a))) {
    return {
      diagnosis:
        "Your list includes `unknown/unknown`: those entries are BuildKit attestations (provenance, SBOM), not runnable images.",
      hint: "Leave out entries whose platform is unknown/unknown or whose `vnd.docker.reference.type` is `attestation-manifest`.",
    };
  }
  const asked = askedRole(evidence.spec, evidence.known);
  const roles = new Set(answer.map((a) => evidence.known.find((k) => k.digest === a.trim())?.role));
  const [only] = [...roles];
  if (asked && roles.size === 1 && only && only !== asked) {
    return {
      diagnosis: `Your list holds ${PLURAL[only]}, but the question asks for ${PLURAL[asked]}.`,
      hint: HOW[asked],
    };
  }
  const wanted = new Set((evidence.expected.value as readonly string[]).map((v) => normalizeItem("path", v)));
  if (
    evidence.spec.field === "whiteouts" &&
    answer.some((a) => [...wanted].some((w) => whiteoutTarget(w) === normalizeItem("path", a)))
  ) {
    return {
      diagnosis: "Your list names a deleted path itself, not the whiteout entry that deletes it.",
      hint: "A whiteout is a separate empty file named `.wh.<name>` next to the deleted path.",
    };
  }
  if (evidence.spec.field === "tagsSharing") return SHARING[evidence.spec.sharing ?? "digest"];
  return undefined;
}

function explainMap(
  expected: Extract<Expected, { type: "map" }>,
  answer: Readonly<Record<string, string>>,
): Explanation | undefined {
  const flipped = Object.fromEntries(Object.entries(answer).map(([k, v]) => [v, k]));
  const same =
    Object.keys(expected.value).length === Object.keys(flipped).length &&
    Object.entries(expected.value).every(([k, v]) => flipped[k] === v);
  if (!same) return undefined;
  return { diagnosis: "Your map has keys and values swapped.", hint: "Check which side the question puts first." };
}
