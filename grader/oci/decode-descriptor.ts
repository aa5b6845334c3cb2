import { digestAlgorithm, digestOf } from "./digest.js";
import {
  expectObject,
  fieldError,
  optionalField,
  readDigest,
  readOptionalString,
  readOptionalStringArray,
  readOptionalStringMap,
  readSize,
  readString,
  withoutUndefined,
} from "./json-fields.js";
import { joinPath } from "./json-path.js";
import type { Descriptor, Platform } from "./types.js";

// Decoders for descriptors and platforms (image-spec descriptor.md, image-index.md "platform").

// RFC 6838 type/subtype, as descriptor.md requires for `mediaType`.
const MEDIA_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

// A media type field: a string shaped `type/subtype`.
export function readMediaType(obj: Readonly<Record<string, unknown>>, key: string, path: string): string {
  const value = readString(obj, key, path);
  if (!MEDIA_TYPE.test(value))
    throw fieldError(joinPath(path, key), `${JSON.stringify(value)} is not a media type (type/subtype)`);
  return value;
}

// unknown JSON → Descriptor; unknown fields are ignored, `data` (when present) must match digest and size.
export function decodeDescriptor(value: unknown, path = ""): Descriptor {
  const obj = expectObject(value, path, "a descriptor object");
  const platform = optionalField(obj, "platform");
  const descriptor: Descriptor = withoutUndefined({
    mediaType: readMediaType(obj, "mediaType", path),
    digest: readDigest(obj, "digest", path),
    size: readSize(obj, "size", path),
    urls: readOptionalStringArray(obj, "urls", path),
    annotations: readOptionalStringMap(obj, "annotations", path),
    data: readOptionalString(obj, "data", path),
    artifactType: readOptionalString(obj, "artifactType", path),
    platform: platform === undefined ? undefined : decodePlatform(platform, joinPath(path, "platform")),
  });
  if (descriptor.data !== undefined) checkEmbeddedData(descriptor, joinPath(path, "data"));
  return descriptor;
}

// Embedded content must be base64 of exactly the bytes the digest and size describe (descriptor.md "data").
function checkEmbeddedData(descriptor: Descriptor, path: string): void {
  const data = descriptor.data ?? "";
  if (!BASE64.test(data)) throw fieldError(path, "must be base64 (RFC 4648, with padding)");
  const bytes = Buffer.from(data, "base64");
  if (bytes.byteLength !== descriptor.size) {
    throw fieldError(path, `decodes to ${bytes.byteLength} bytes, but size says ${descriptor.size}`);
  }
  const actual = digestOf(bytes, digestAlgorithm(descriptor.digest));
  if (actual !== descriptor.digest)
    throw fieldError(path, `decodes to bytes with digest ${actual}, not ${descriptor.digest}`);
}

// unknown JSON → Platform; `os` and `architecture` are required.
export function decodePlatform(value: unknown, path = ""): Platform {
  const obj = expectObject(value, path, "a platform object");
  return withoutUndefined({
    architecture: readString(obj, "architecture", path),
    os: readString(obj, "os", path),
    "os.version": readOptionalString(obj, "os.version", path),
    "os.features": readOptionalStringArray(obj, "os.features", path),
    variant: readOptionalString(obj, "variant", path),
    features: readOptionalStringArray(obj, "features", path),
  });
}
