import type { ImageView } from "./content-image.js";
import { diffIdOf } from "./content-layers.js";
import type { GradeContext } from "./context.js";
import { shortDigest } from "./describe.js";
import type { CheckOutcome } from "./kind.js";

// rootfs.diff_ids against the layers (image-spec config.md "rootfs": the DiffID of a layer is the digest of its
// uncompressed tar, listed base layer first), with the usual mistakes: the compressed blob digest used as DiffID,
// the layers in the wrong order, a count that does not match.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/config.md#layer-diffid

/** Why rootfs.diff_ids is wrong: the end of a sentence, and the outcome fields that explain it. */
export interface DiffIdsProblem {
  readonly summary: string;
  readonly details: Pick<CheckOutcome, "expected" | "actual" | "diagnosis" | "hint">;
}

const HINT =
  "Hash each layer uncompressed (`gzip -dc layer.tar.gz | sha256sum`) and list the digests base layer first.";

// The first problem with the image's rootfs.diff_ids, streaming each layer once; undefined when they are right.
export async function diffIdsProblem(ctx: GradeContext, view: ImageView): Promise<DiffIdsProblem | undefined> {
  const rootfs = view.config.rootfs;
  const layers = view.manifest.value.layers;
  if (!rootfs)
    return {
      summary: "is missing",
      details: { hint: 'Add `"rootfs": {"type": "layers", "diff_ids": [...]}` to the config.' },
    };
  if (rootfs.type !== "layers")
    return {
      summary: `has type ${JSON.stringify(rootfs.type)}`,
      details: { expected: '"layers"', hint: 'Set `rootfs.type` to "layers".' },
    };
  const declared = rootfs.diff_ids;
  if (declared.length !== layers.length) {
    return {
      summary: `has ${declared.length} entries for ${layers.length} layers`,
      details: { expected: `${layers.length} entries, one per layer`, actual: `${declared.length}`, hint: HINT },
    };
  }
  const computed: string[] = [];
  for (const layer of layers) computed.push(await diffIdOf(ctx, view.repository, layer));
  const wrong = declared.findIndex((d, i) => d !== computed[i]);
  if (wrong < 0) return undefined;
  const value = declared[wrong] as string;
  let diagnosis = `It is not the sha256 of any layer's uncompressed tar.`;
  if (value === layers[wrong]?.digest) {
    diagnosis = `It is the digest of the compressed layer blob (as in the manifest); a DiffID hashes the uncompressed tar.`;
  } else if (computed.includes(value)) {
    diagnosis = "It is the DiffID of another layer: list them in layer order, base layer first.";
  }
  return {
    summary: `entry ${wrong} is not the DiffID of layer ${wrong}`,
    details: {
      expected: `the sha256 of layer ${wrong} uncompressed`,
      actual: shortDigest(value),
      diagnosis,
      hint: HINT,
    },
  };
}
