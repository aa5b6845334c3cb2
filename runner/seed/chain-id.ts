import { type Digest, digestOf } from "../../grader/oci/digest.js";

// ChainIDs of a layer stack (image-spec config.md, "Layer ChainID"): ChainID(L0) = DiffID(L0) and
// ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln)), hashing the ASCII text of both digests.
export function chainIds(diffIds: readonly Digest[]): Digest[] {
  const out: Digest[] = [];
  for (const diffId of diffIds) {
    const previous = out.at(-1);
    out.push(previous === undefined ? diffId : digestOf(`${previous} ${diffId}`));
  }
  return out;
}
