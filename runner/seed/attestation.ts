import { digestHex } from "../../grader/oci/digest.js";
import { MediaType } from "../../grader/oci/media-types.js";
import { type Blob, jsonBlob, makeBlob, toDescriptor } from "./blob.js";
import type { BuiltAttestation } from "./built.js";
import type { IndexEntry } from "./index-builder.js";
import { encodeJson, type JsonFormat } from "./json.js";
import { orderDescriptor } from "./key-order.js";

// BuildKit's attestation storage (buildkit docs/attestations/attestation-storage.md): an OCI manifest whose layers
// are in-toto statements about one image manifest, listed in the index as platform unknown/unknown.

/** Predicate type of SLSA provenance v0.2, BuildKit's default provenance. */
export const SLSA_PROVENANCE_V02 = "https://slsa.dev/provenance/v0.2";

/** Predicate type of an SPDX SBOM. */
export const SPDX_DOCUMENT = "https://spdx.dev/Document";

/** One in-toto statement's predicate. */
export interface InTotoPredicate {
  readonly predicateType: string;
  readonly predicate: Readonly<Record<string, unknown>>;
}

/** An attestation manifest for one image manifest. */
export interface AttestationSpec {
  /** The image manifest the statements are about (their subject digest). */
  readonly image: Blob;
  /** One layer per predicate, in order; default: a minimal SLSA provenance v0.2. */
  readonly predicates?: readonly InTotoPredicate[];
  /** Subject name in the statements; BuildKit writes "_" when the image has no name. */
  readonly subjectName?: string;
  /** Format of the attestation manifest JSON (config and statements are compact). */
  readonly json?: JsonFormat;
}

const DEFAULT_PROVENANCE: InTotoPredicate = {
  predicateType: SLSA_PROVENANCE_V02,
  predicate: { builder: { id: "" }, buildType: "https://mobyproject.org/buildkit@v1", materials: [] },
};

// Builds the attestation manifest, its config ({architecture, os: unknown}, diff_ids = layer digests) and layers.
export function buildAttestation(spec: AttestationSpec): BuiltAttestation {
  const predicates = spec.predicates ?? [DEFAULT_PROVENANCE];
  if (predicates.length === 0) throw new Error("an attestation manifest needs at least one predicate");
  const subject = [{ name: spec.subjectName ?? "_", digest: { sha256: digestHex(spec.image.digest) } }];
  const layers = predicates.map((p) => statementBlob(p, subject));
  const config = jsonBlob(MediaType.ociConfig, {
    architecture: "unknown",
    os: "unknown",
    config: {},
    rootfs: { type: "layers", diff_ids: layers.map((l) => l.digest) },
  });
  const manifest = jsonBlob(
    MediaType.ociManifest,
    {
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: orderDescriptor(toDescriptor(config), "oci"),
      layers: layers.map((l, i) => layerDescriptor(l, predicates[i]!.predicateType)),
    },
    spec.json,
  );
  return { kind: "attestation", manifest, config, layers, describes: spec.image.digest };
}

// The index entry BuildKit writes for an attestation: platform unknown/unknown and the two reference annotations
// (in the sorted key order Go's map marshalling gives them).
export function attestationEntry(attestation: BuiltAttestation): IndexEntry {
  return {
    manifest: attestation,
    platform: { architecture: "unknown", os: "unknown" },
    annotations: {
      "vnd.docker.reference.digest": attestation.describes,
      "vnd.docker.reference.type": "attestation-manifest",
    },
  };
}

function statementBlob(predicate: InTotoPredicate, subject: readonly unknown[]): Blob {
  const statement = {
    _type: "https://in-toto.io/Statement/v0.1",
    predicateType: predicate.predicateType,
    subject,
    predicate: predicate.predicate,
  };
  return makeBlob(MediaType.inTotoLayer, encodeJson(statement));
}

function layerDescriptor(layer: Blob, predicateType: string) {
  return orderDescriptor(toDescriptor(layer, { annotations: { "in-toto.io/predicate-type": predicateType } }), "oci");
}
