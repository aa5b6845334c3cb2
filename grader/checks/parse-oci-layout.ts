import { decodeIndex } from "../oci/decode.js";
import { OciFormatError } from "../oci/format-error.js";
import { parseStrictJson } from "../oci/strict-json.js";
import type { Descriptor, ImageIndex } from "../oci/types.js";

// The two files at the top of an OCI image layout (image-spec image-layout.md): `oci-layout`, a JSON object with
// `imageLayoutVersion` "1.0.0" (other keys allowed), and `index.json`, an image index whose descriptors name
// their tags with the `org.opencontainers.image.ref.name` annotation. Pure: bytes in, values or problems out.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/image-layout.md

export const REF_NAME_ANNOTATION = "org.opencontainers.image.ref.name";

// Why the `oci-layout` file is not valid, or undefined when it is.
export function layoutMarkerProblem(bytes: Uint8Array): string | undefined {
  let value: unknown;
  try {
    value = parseStrictJson(bytes);
  } catch (error) {
    if (error instanceof OciFormatError) return `it is not valid JSON: ${error.message}`;
    throw error;
  }
  const version =
    typeof value === "object" && value !== null ? (value as Record<string, unknown>).imageLayoutVersion : undefined;
  if (version === undefined) return "it has no `imageLayoutVersion`";
  return version === "1.0.0" ? undefined : `its \`imageLayoutVersion\` is ${JSON.stringify(version)}, not "1.0.0"`;
}

// `index.json` → the index; throws OciFormatError naming the field and why.
export function parseLayoutIndex(bytes: Uint8Array): ImageIndex {
  return decodeIndex(parseStrictJson(bytes));
}

// The descriptors of index.json that carry ref name `name`.
export function descriptorsNamed(index: ImageIndex, name: string): Descriptor[] {
  return index.manifests.filter((d) => d.annotations?.[REF_NAME_ANNOTATION] === name);
}
