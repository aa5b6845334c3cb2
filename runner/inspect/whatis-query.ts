import { type Digest, parseDigest } from "../../grader/oci/digest.js";
import { usageError } from "../errors.js";

// A digest as a learner pastes it: whole (`sha256:<64 hex>`), without `sha256:`, or shortened to at least
// 12 hex characters (as `docker images` prints an image ID).

/** A whole digest, or the start of one. */
export type DigestQuery =
  | { readonly kind: "full"; readonly digest: Digest }
  | { readonly kind: "prefix"; readonly prefix: string };

/** Fewest hex characters accepted for a shortened digest. */
export const MIN_PREFIX_HEX = 12;

// Reads a pasted digest; a usage error says what is wrong with anything else.
export function parseDigestQuery(text: string, usage: string): DigestQuery {
  const trimmed = text.trim().toLowerCase();
  const [algorithm, hex] = trimmed.includes(":") ? trimmed.split(":", 2) : ["sha256", trimmed];
  if (algorithm !== "sha256" && algorithm !== "sha512") {
    throw usageError(`\`${text}\` is not a digest: the algorithm must be sha256 or sha512.`, `Usage: ${usage}`);
  }
  if (!/^[0-9a-f]+$/.test(hex ?? "")) {
    throw usageError(
      `\`${text}\` is not a digest: a digest is hex (0-9, a-f) after \`${algorithm}:\`.`,
      `Usage: ${usage}`,
    );
  }
  const whole = algorithm === "sha256" ? 64 : 128;
  const length = (hex as string).length;
  if (length === whole) return { kind: "full", digest: parseDigest(`${algorithm}:${hex}`) };
  if (length > whole || length < MIN_PREFIX_HEX) {
    throw usageError(
      `\`${text}\` has ${length} hex characters: a ${algorithm} digest has ${whole}.`,
      `Paste the whole digest, or at least its first ${MIN_PREFIX_HEX} hex characters.`,
    );
  }
  return { kind: "prefix", prefix: `${algorithm}:${hex}` };
}

// The known digests a query names: the digest itself, or every known digest that starts with the prefix.
export function matchDigests(query: DigestQuery, known: Iterable<Digest>): Digest[] {
  if (query.kind === "full") return [query.digest];
  return [...new Set(known)].filter((d) => d.startsWith(query.prefix)).sort();
}
