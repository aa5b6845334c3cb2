import { type Digest, digestOf } from "../../grader/oci/digest.js";
import type { Descriptor } from "../../grader/oci/types.js";
import { toBytes } from "./bytes.js";
import { encodeJson, type JsonFormat } from "./json.js";

/** Content the seeder uploads: exact bytes with their media type, digest and size. */
export interface Blob {
  readonly mediaType: string;
  readonly digest: Digest;
  readonly size: number;
  readonly bytes: Uint8Array;
}

// A blob of `content` (a string is stored as UTF-8), with digest and size computed from the bytes.
export function makeBlob(mediaType: string, content: string | Uint8Array): Blob {
  const bytes = toBytes(content);
  return { mediaType, digest: digestOf(bytes), size: bytes.byteLength, bytes };
}

// A blob holding `value` serialised as JSON in the given format.
export function jsonBlob(mediaType: string, value: unknown, format?: JsonFormat): Blob {
  return makeBlob(mediaType, encodeJson(value, format));
}

// The descriptor of a blob; `extra` adds fields and may override mediaType, digest or size (a deliberate lie).
export function toDescriptor(blob: Blob, extra: Partial<Descriptor> = {}): Descriptor {
  return { mediaType: blob.mediaType, digest: blob.digest, size: blob.size, ...extra };
}
