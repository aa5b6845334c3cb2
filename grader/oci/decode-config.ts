import {
  asDigest,
  expectObject,
  type JsonObject,
  optionalField,
  readArray,
  readOptionalString,
  readOptionalStringArray,
  readOptionalStringMap,
  readString,
  withoutUndefined,
} from "./json-fields.js";
import { joinPath } from "./json-path.js";
import { DEFAULT_MAX_JSON_DEPTH, parseStrictJson } from "./strict-json.js";
import type { ImageConfig } from "./types.js";

// Decoder for image configurations (image-spec config.md), OCI or Docker: the fields the grader reads are
// typed and checked, everything else is ignored.

// Config bytes → ImageConfig; throws OciFormatError naming the field and why.
export function decodeImageConfig(raw: Uint8Array, maxDepth = DEFAULT_MAX_JSON_DEPTH): ImageConfig {
  const obj = expectObject(parseStrictJson(raw, { maxDepth }), "", "a JSON object (an image configuration)");
  const config = optionalField(obj, "config");
  const rootfs = optionalField(obj, "rootfs");
  const history = optionalField(obj, "history");
  return withoutUndefined({
    architecture: readOptionalString(obj, "architecture", ""),
    os: readOptionalString(obj, "os", ""),
    variant: readOptionalString(obj, "variant", ""),
    "os.version": readOptionalString(obj, "os.version", ""),
    created: readOptionalString(obj, "created", ""),
    author: readOptionalString(obj, "author", ""),
    config: config === undefined ? undefined : decodeExecutionConfig(config, "config"),
    rootfs: rootfs === undefined ? undefined : decodeRootfs(rootfs, "rootfs"),
    history: history === undefined ? undefined : decodeHistory(obj, "history"),
  });
}

// `config`: kept whole, with the fields checks read (Labels, Env, Entrypoint, Cmd) type-checked.
function decodeExecutionConfig(value: unknown, path: string): JsonObject {
  const obj = expectObject(value, path);
  readOptionalStringMap(obj, "Labels", path);
  for (const key of ["Env", "Entrypoint", "Cmd"]) readOptionalStringArray(obj, key, path);
  readOptionalString(obj, "User", path);
  readOptionalString(obj, "WorkingDir", path);
  return obj;
}

function decodeRootfs(value: unknown, path: string): NonNullable<ImageConfig["rootfs"]> {
  const obj = expectObject(value, path);
  const at = joinPath(path, "diff_ids");
  return {
    type: readString(obj, "type", path),
    diff_ids: readArray(obj, "diff_ids", path).map((d, i) => asDigest(d, joinPath(at, i))),
  };
}

function decodeHistory(obj: JsonObject, key: string): readonly JsonObject[] {
  return readArray(obj, key, "").map((entry, i) => {
    const at = joinPath(key, i);
    const item = expectObject(entry, at);
    for (const field of ["created", "created_by", "author", "comment"]) readOptionalString(item, field, at);
    return item;
  });
}
