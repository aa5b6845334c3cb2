import { type Digest, isDigest } from "../../../../grader/oci/digest.js";
import { baseMediaType, MediaType } from "../../../../grader/oci/media-types.js";
import { RegistryError } from "../http/errors.js";
import {
  type DescriptorFields,
  decodeDescriptor,
  expectObject,
  type JsonObject,
  optionalInteger,
  optionalObjects,
  optionalString,
  optionalStringMap,
} from "./shape.js";

// Decodes a pushed manifest the way distribution 2.8 does (manifest/ocischema, schema2, manifestlist): the
// Content-Type picks the decoder, the body must be JSON of that shape, and a `mediaType` field must agree with
// the Content-Type (required for Docker types, optional for OCI ones). The bytes are never changed.

/** What the registry needs from a manifest to verify and index it. */
export interface ParsedManifest {
  /** The Content-Type without parameters; stored and served back as is. */
  readonly mediaType: string;
  readonly kind: "manifest" | "index";
  readonly oci: boolean;
  /** Config and layers (image manifests). */
  readonly blobs: readonly DescriptorFields[];
  /** Child manifests (indexes and lists). */
  readonly children: readonly DescriptorFields[];
  /** The subject of an OCI manifest or index, when it carries a valid digest. */
  readonly subject?: Digest;
  /** For the referrers API: `artifactType`, else the config media type of an image manifest. */
  readonly artifactType?: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

const SCHEMA1_TYPES: ReadonlySet<string> = new Set([
  MediaType.dockerManifestSchema1,
  MediaType.dockerManifestSchema1Signed,
  "application/json",
  "",
]);

interface Flavour {
  readonly kind: "manifest" | "index";
  readonly oci: boolean;
  /** Docker types require their mediaType field; OCI types only forbid a different one. */
  readonly mediaTypeRequired: boolean;
}

const FLAVOURS: Readonly<Record<string, Flavour>> = {
  [MediaType.ociManifest]: { kind: "manifest", oci: true, mediaTypeRequired: false },
  [MediaType.ociIndex]: { kind: "index", oci: true, mediaTypeRequired: false },
  [MediaType.dockerManifest]: { kind: "manifest", oci: false, mediaTypeRequired: true },
  [MediaType.dockerManifestList]: { kind: "index", oci: false, mediaTypeRequired: true },
};

function invalid(message: string, detail?: unknown): RegistryError {
  return new RegistryError("MANIFEST_INVALID", message, detail === undefined ? {} : { detail });
}

// The flavour a Content-Type selects, or MANIFEST_INVALID for schema 1 and unknown types.
function flavourOf(contentType: string): Flavour {
  const flavour = FLAVOURS[contentType];
  if (flavour) return flavour;
  if (SCHEMA1_TYPES.has(contentType)) {
    throw invalid("Docker schema 1 manifests are not accepted; set Content-Type to the manifest's mediaType", {
      contentType,
    });
  }
  throw invalid(`unsupported manifest Content-Type ${JSON.stringify(contentType)}`, {
    supported: Object.keys(FLAVOURS),
  });
}

function parseJson(bytes: Uint8Array): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
  } catch (err) {
    throw invalid(`manifest is not valid JSON: ${(err as Error).message}`);
  }
  return expectObject(value, "(document)");
}

function checkMediaTypeField(body: JsonObject, contentType: string, flavour: Flavour): void {
  const field = optionalString(body.mediaType, "mediaType");
  if (field === contentType || (field === "" && !flavour.mediaTypeRequired)) return;
  throw invalid(`mediaType ${JSON.stringify(field)} in the manifest does not match Content-Type ${contentType}`, {
    mediaType: field,
    contentType,
  });
}

function checkAmbiguity(body: JsonObject, flavour: Flavour): void {
  if (!flavour.oci) return;
  const present = (field: string) => body[field] !== undefined && body[field] !== null;
  if (flavour.kind === "manifest" && present("manifests")) throw invalid("an image manifest must not have `manifests`");
  if (flavour.kind === "index" && (present("config") || present("layers"))) {
    throw invalid("an index must not have `config` or `layers`");
  }
}

// Decodes and checks a manifest body pushed with the given Content-Type header.
export function parseManifest(contentTypeHeader: string | undefined, bytes: Uint8Array): ParsedManifest {
  const mediaType = baseMediaType(contentTypeHeader ?? "");
  const flavour = flavourOf(mediaType);
  const body = parseJson(bytes);
  checkMediaTypeField(body, mediaType, flavour);
  checkAmbiguity(body, flavour);
  const schemaVersion = optionalInteger(body.schemaVersion, "schemaVersion");
  if (schemaVersion !== 2) throw invalid(`schemaVersion must be 2, got ${schemaVersion}`);
  const annotations = flavour.oci ? optionalStringMap(body.annotations, "annotations") : undefined;
  const common = { mediaType, kind: flavour.kind, oci: flavour.oci, ...(annotations ? { annotations } : {}) };
  const subject = flavour.oci ? subjectOf(body) : undefined;
  const declaredType =
    flavour.oci && typeof body.artifactType === "string" && body.artifactType !== "" ? body.artifactType : undefined;
  if (flavour.kind === "index") {
    const children = optionalObjects(body.manifests, "manifests").map((m, i) => decodeDescriptor(m, `manifests[${i}]`));
    return { ...common, blobs: [], children, subject, artifactType: declaredType };
  }
  const config = decodeDescriptor(body.config, "config");
  const layers = optionalObjects(body.layers, "layers").map((l, i) => decodeDescriptor(l, `layers[${i}]`));
  const artifactType = declaredType ?? (config.mediaType === "" ? undefined : config.mediaType);
  return { ...common, blobs: [config, ...layers], children: [], subject, artifactType };
}

function subjectOf(body: JsonObject): Digest | undefined {
  const subject = body.subject;
  if (typeof subject !== "object" || subject === null) return undefined;
  const digest = (subject as JsonObject).digest;
  return isDigest(digest) ? digest : undefined;
}
