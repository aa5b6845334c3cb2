import { CAUSES, type Cause } from "./answer-cause.js";
import type { Explanation } from "./explain-digest.js";

// Why a wrong answer about a changed digest (lab 10) is wrong, said from the answer's side: the fact that rules
// out the cause the learner named, and the order to check in. Neither message names the right cause.

const ORDER =
  "Check in the task's order: what each tag points to (an index or one image), the attestation entries, `config.digest`, the `layers[].digest` lists, the media types, then the raw bytes.";

/** For a named cause, why it cannot be the answer when the true cause comes later in the order. */
const RULED_OUT: Readonly<Record<Cause, string>> = {
  "platform-subset": "The copy still has every runnable platform of its source, so no platform was picked out.",
  "attestations-stripped": "The copy keeps every attestation entry of its source (or the source has none).",
  "config-rewritten":
    "`config.digest` is the same on both sides, so the config, and with it the image ID, did not change.",
  recompressed: "The `layers[].digest` lists are equal on both sides, so no layer was recompressed.",
  "mediatype-converted": "The media type strings are the same on both sides.",
  reserialized: "The two digests are equal: the bytes did not change at all.",
  identical: "",
};

// The explanation for a wrong `changeCause` answer, or undefined when the answer is not a known cause.
export function explainCause(answer: string, expected: string): Explanation | undefined {
  const given = answer.trim().toLowerCase() as Cause;
  const at = CAUSES.indexOf(given);
  const truth = CAUSES.indexOf(expected as Cause);
  if (at < 0 || truth < 0 || at === truth) return undefined;
  if (given === "identical")
    return {
      diagnosis: "The two digests differ, so the bytes are not identical.",
      hint: "Compare sha256 of the raw bodies (`curl … | sha256sum`), not `jq -S` output: JSON that parses the same can have other bytes.",
    };
  if (at < truth) return { diagnosis: RULED_OUT[given], hint: ORDER };
  return {
    diagnosis: "Something the order checks before that already differs between the source and the copy.",
    hint: ORDER,
  };
}

// The explanation for a wrong `sameImageId` answer ("true", "false" or "null").
export function explainSameImageId(answer: string, expected: string): Explanation | undefined {
  const given = answer.trim().toLowerCase();
  if (expected === "null")
    return {
      diagnosis: "Both tags point at indexes, and an index has no config, hence no image ID, of its own.",
      hint: "Read the task again for what to answer when two indexes are compared.",
    };
  if (given === "null")
    return {
      diagnosis: "Here an image is compared (for an index source, with its matching child), and an image has an ID.",
      hint: "The image ID is the config's digest: compare `config.digest` on both sides.",
    };
  if (given === "true")
    return {
      diagnosis: "`config.digest` differs between the two, and the image ID is the digest of the config.",
      hint: "Equal DiffIDs do not make equal image IDs: any change to the config JSON, even dropped fields, gives a new one.",
    };
  if (given === "false")
    return {
      diagnosis: "`config.digest` is the same on both sides, and the image ID is the digest of the config.",
      hint: "Recompressed layers or relabelled media types leave the config blob, and so the image ID, unchanged.",
    };
  return undefined;
}
