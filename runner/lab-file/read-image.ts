// Reads a seeded image: platform, layers and their files, config, history and the manifest's JSON form.
import type { FileSpec, HistorySpec, ImageSpec, LayerSpec } from "../../grader/lab/types.js";
import { parsePlatform } from "../../grader/oci/platform.js";
import type { FieldReader } from "./fields.js";

type Path = readonly (string | number)[];
const FILE_TYPES = ["file", "dir", "symlink", "hardlink", "whiteout", "opaque-whiteout"] as const;

// Reads one entry of `seed.images`.
export function readImage(r: FieldReader, obj: Record<string, unknown>, path: Path): ImageSpec {
  r.onlyKeys(
    obj,
    [
      "flavour",
      "platform",
      "layers",
      "config",
      "configExtra",
      "created",
      "author",
      "history",
      "indent",
      "trailingNewline",
      "configTrailingNewline",
      "mediaTypeField",
      "annotations",
    ],
    path,
  );
  const history = obj.history === undefined ? undefined : readHistory(r, obj.history, [...path, "history"]);
  const layers = r.list(obj, "layers", path).map((l, i) => readLayer(r, l, [...path, "layers", i]));
  const config = obj.config === undefined ? undefined : r.object(obj.config, [...path, "config"]);
  const configExtra = obj.configExtra === undefined ? undefined : r.object(obj.configExtra, [...path, "configExtra"]);
  for (const key of Object.keys(configExtra ?? {}).filter((k) => STANDARD_CONFIG_FIELDS.includes(k)))
    r.problem([...path, "configExtra", key], `\`${key}\` is a standard config field: set it with its own key`);
  return {
    flavour: readFlavour(r, obj, path),
    platform: readPlatform(r, obj, "platform", path) ?? "linux/amd64",
    layers,
    config,
    created: r.string(obj, "created", path, true),
    author: r.string(obj, "author", path, true),
    history,
    indent: obj.indent === undefined ? undefined : r.integer(obj, "indent", path, 0, 8),
    trailingNewline: readBoolean(r, obj, "trailingNewline", path),
    configTrailingNewline: readBoolean(r, obj, "configTrailingNewline", path),
    mediaTypeField: readBoolean(r, obj, "mediaTypeField", path),
    configExtra,
    annotations: r.stringMap(obj, "annotations", path),
  };
}

/** Top-level config fields the builder writes itself (image-spec config.md). */
const STANDARD_CONFIG_FIELDS = ["created", "author", "architecture", "os", "variant", "config", "rootfs", "history"];

// An optional boolean field; anything else is a problem.
export function readBoolean(
  r: FieldReader,
  obj: Record<string, unknown>,
  key: string,
  path: Path,
): boolean | undefined {
  const value = obj[key];
  if (value === undefined || typeof value === "boolean") return value;
  r.problem([...path, key], `\`${key}\` is true or false`);
  return undefined;
}

function readHistory(r: FieldReader, value: unknown, path: Path): HistorySpec[] {
  if (!Array.isArray(value)) {
    r.problem(path, "`history` must be a list of entries");
    return [];
  }
  return value.map((entry, i) => {
    const p = [...path, i];
    const obj = r.object(entry, p) ?? {};
    r.onlyKeys(obj, ["created", "created_by", "author", "comment", "empty_layer"], p);
    if (obj.empty_layer !== undefined && typeof obj.empty_layer !== "boolean")
      r.problem([...p, "empty_layer"], "`empty_layer` is true or false");
    return {
      created: r.string(obj, "created", p, true),
      created_by: r.string(obj, "created_by", p, true),
      author: r.string(obj, "author", p, true),
      comment: r.string(obj, "comment", p, true),
      empty_layer: obj.empty_layer === true ? true : undefined,
    };
  });
}

function readLayer(r: FieldReader, value: unknown, path: Path): LayerSpec {
  const obj = r.object(value, path) ?? {};
  r.onlyKeys(obj, ["files", "compression", "gzipLevel"], path);
  const compression = obj.compression ?? "gzip";
  if (compression !== "gzip" && compression !== "none")
    r.problem([...path, "compression"], "`compression` is gzip or none");
  if (compression === "none" && obj.gzipLevel !== undefined)
    r.problem([...path, "gzipLevel"], "`gzipLevel` applies only to gzip layers");
  const files = r.list(obj, "files", path).map((f, i) => readFile(r, f, [...path, "files", i]));
  const gzipLevel = obj.gzipLevel === undefined ? undefined : r.integer(obj, "gzipLevel", path, 1, 9);
  return { files, compression: compression === "none" ? "none" : "gzip", gzipLevel };
}

function readFile(r: FieldReader, value: unknown, path: Path): FileSpec {
  const obj = r.object(value, path) ?? {};
  r.onlyKeys(obj, ["path", "type", "content", "target", "mode"], path);
  const type = (obj.type ?? "file") as FileSpec["type"];
  if (!FILE_TYPES.includes(type as (typeof FILE_TYPES)[number])) {
    r.problem([...path, "type"], `\`type\` is one of ${FILE_TYPES.join(", ")}`);
  }
  const filePath = r.string(obj, "path", path) ?? "";
  if (filePath.startsWith("/") || filePath.split("/").includes("..")) {
    r.problem([...path, "path"], "`path` is relative to the image root and has no `..`");
  }
  if ((type === "symlink" || type === "hardlink") && typeof obj.target !== "string") {
    r.problem([...path, "target"], `a ${type} needs a \`target\``);
  }
  return {
    path: filePath,
    type,
    content: typeof obj.content === "string" ? obj.content : undefined,
    target: typeof obj.target === "string" ? obj.target : undefined,
    mode: readMode(r, obj, path),
  };
}

function readMode(r: FieldReader, obj: Record<string, unknown>, path: Path): number | undefined {
  const mode = obj.mode;
  if (mode === undefined) return undefined;
  if (typeof mode === "string" && /^0?[0-7]{3,4}$/.test(mode)) return Number.parseInt(mode, 8);
  r.problem([...path, "mode"], '`mode` is an octal string such as "0755" (quoted, so YAML keeps it octal)');
  return undefined;
}

// `flavour`: oci (default) or docker.
export function readFlavour(r: FieldReader, obj: Record<string, unknown>, path: Path): "oci" | "docker" {
  const flavour = obj.flavour ?? "oci";
  if (flavour !== "oci" && flavour !== "docker") r.problem([...path, "flavour"], "`flavour` is oci or docker");
  return flavour === "docker" ? "docker" : "oci";
}

// An optional `os/arch[/variant]` field.
export function readPlatform(
  r: FieldReader,
  obj: Record<string, unknown>,
  key: string,
  path: Path,
): string | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  try {
    if (typeof value !== "string") throw new Error("not a string");
    parsePlatform(value);
    return value;
  } catch {
    r.problem([...path, key], `\`${key}\` must be os/arch[/variant], for example linux/arm64/v8`);
    return undefined;
  }
}
