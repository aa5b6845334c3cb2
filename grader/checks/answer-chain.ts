import { type Digest, digestHex, digestOf } from "../oci/digest.js";

// ChainIDs (image-spec config.md "Layer ChainID"): ChainID(L0) = DiffID(L0), ChainID(Ln) =
// sha256(ChainID(Ln-1) + " " + DiffID(Ln)) over the text of both digests, with no trailing newline; and the
// wrong ways people compute them, so an answer made that way can be recognised.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/config.md#layer-chainid

/** A way of computing ChainIDs: the spec's, or a known mistake. */
export type ChainVariant = "spec" | "echo" | "unprefixed";

// The ChainIDs of a layer stack, computed the spec's way or as `variant` gets it wrong: `echo` appends a newline
// to each hashed string, `unprefixed` hashes the hex parts without `sha256:`.
export function chainIds(diffIds: readonly string[], variant: ChainVariant = "spec"): Digest[] {
  const out: Digest[] = [];
  for (const diffId of diffIds) {
    const previous = out.at(-1);
    if (previous === undefined) {
      out.push(diffId as Digest);
      continue;
    }
    const text =
      variant === "unprefixed" ? `${digestHex(previous)} ${digestHex(diffId as Digest)}` : `${previous} ${diffId}`;
    out.push(digestOf(variant === "echo" ? `${text}\n` : text));
  }
  return out;
}
