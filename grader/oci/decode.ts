import { decodeDescriptor } from "./decode-descriptor.js";
import { type DigestAlgorithm, digestOf } from "./digest.js";
import { OciFormatError } from "./format-error.js";
import {
  expectObject,
  fieldError,
  type JsonObject,
  optionalField,
  readArray,
  readOptionalString,
  readOptionalStringMap,
  withoutUndefined,
} from "./json-fields.js";
import { joinPath } from "./json-path.js";
import { baseMediaType, isIndexMediaType, isManifestMediaType, isSchema1MediaType } from "./media-types.js";
import { DEFAULT_MAX_JSON_DEPTH, parseStrictJson } from "./strict-json.js";
import type { Fetched, ImageIndex, ImageManifest, Manifest } from "./types.js";

export { decodeImageConfig } from "./decode-config.js";
export { decodeDescriptor, decodePlatform } from "./decode-descriptor.js";

// Decoders for manifests and indexes (image-spec manifest.md, image-index.md; Docker schema 2 alike). They
// trust nothing: strict JSON, every descriptor checked, the kind decided from the Content-Type (or the
// `mediaType` field when the Content-Type says nothing), and contradictions rejected.

/** Options of decodeManifest. */
export interface DecodeManifestOptions {
  /** Algorithm of the computed digest (default sha256); use the one of the digest the manifest was asked by. */
  readonly algorithm?: DigestAlgorithm;
  readonly maxDepth?: number;
}

// Manifest bytes as served (with their Content-Type) → Fetched<Manifest>, digest computed over the raw bytes.
export function decodeManifest(
  raw: Uint8Array,
  contentType: string,
  options: DecodeManifestOptions = {},
): Fetched<Manifest> {
  const json = parseStrictJson(raw, { maxDepth: options.maxDepth ?? DEFAULT_MAX_JSON_DEPTH });
  const obj = expectObject(json, "", "a JSON object (a manifest)");
  const mediaType = manifestMediaType(obj, contentType);
  const value = isIndexMediaType(mediaType) ? decodeIndex(obj) : decodeImageManifest(obj);
  return { digest: digestOf(raw, options.algorithm), mediaType, raw, value };
}

// The media type of a manifest document: the Content-Type when it names a manifest type (the `mediaType`
// field must then agree), else the `mediaType` field. Schema 1 is recognised and refused.
export function manifestMediaType(obj: JsonObject, contentType: string): string {
  const header = baseMediaType(contentType);
  const field = readOptionalString(obj, "mediaType", "");
  if (isSchema1MediaType(header) || isSchema1MediaType(field ?? "") || optionalField(obj, "schemaVersion") === 1) {
    throw new OciFormatError(
      "SCHEMA_1",
      "Docker schema 1 manifests are not supported; push the image again with a current tool",
    );
  }
  if (isManifestMediaType(header)) {
    if (field !== undefined && field !== header) {
      throw new OciFormatError(
        "MEDIA_TYPE_MISMATCH",
        `the document says ${field} but was served as ${header}`,
        "mediaType",
      );
    }
    return header;
  }
  if (field !== undefined && isManifestMediaType(field)) return field;
  throw new OciFormatError(
    "UNSUPPORTED_MEDIA_TYPE",
    field === undefined
      ? `cannot tell the manifest type: Content-Type ${JSON.stringify(header)} is not a manifest type and there is no mediaType field`
      : `unsupported manifest media type ${JSON.stringify(field)}`,
  );
}

// unknown JSON → ImageManifest (OCI or Docker schema 2).
export function decodeImageManifest(value: unknown): ImageManifest {
  const obj = expectObject(value, "", "a JSON object (an image manifest)");
  if (optionalField(obj, "manifests") !== undefined) {
    throw fieldError("manifests", "an image manifest has no `manifests`; is this an index served as a manifest?");
  }
  return withoutUndefined({
    kind: "manifest",
    ...commonFields(obj),
    config: decodeDescriptor(optionalField(obj, "config") ?? missing("config"), "config"),
    layers: readArray(obj, "layers", "").map((d, i) => decodeDescriptor(d, joinPath("layers", i))),
  });
}

// unknown JSON → ImageIndex (OCI index or Docker manifest list).
export function decodeIndex(value: unknown): ImageIndex {
  const obj = expectObject(value, "", "a JSON object (an image index)");
  for (const key of ["config", "layers"]) {
    if (optionalField(obj, key) !== undefined) {
      throw fieldError(key, `an image index has no \`${key}\`; is this an image manifest served as an index?`);
    }
  }
  return withoutUndefined({
    kind: "index",
    ...commonFields(obj),
    manifests: readArray(obj, "manifests", "").map((d, i) => decodeDescriptor(d, joinPath("manifests", i))),
  });
}

function missing(key: string): never {
  throw fieldError(key, "is required");
}

function commonFields(obj: JsonObject) {
  const subject = optionalField(obj, "subject");
  return {
    schemaVersion: schemaVersion(obj),
    mediaType: readOptionalString(obj, "mediaType", ""),
    artifactType: readOptionalString(obj, "artifactType", ""),
    subject: subject === undefined ? undefined : decodeDescriptor(subject, "subject"),
    annotations: readOptionalStringMap(obj, "annotations", ""),
  };
}

function schemaVersion(obj: JsonObject): number {
  const value = optionalField(obj, "schemaVersion");
  if (value === undefined) throw fieldError("schemaVersion", "is required (it must be 2)");
  if (value !== 2) throw fieldError("schemaVersion", `must be 2, got ${JSON.stringify(value)}`);
  return 2;
}
