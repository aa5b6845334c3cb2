import type {
  ArtifactSpec,
  DamageSpec,
  ImageSpec,
  IndexEntrySpec,
  IndexSpec,
  LayoutSpec,
  PredicateSpec,
  SeedSpec,
  TagSpec,
  WorkspaceFileSpec,
} from "../../grader/lab/types.js";
import type { FieldReader } from "./fields.js";
import { readBoolean, readFlavour, readImage, readPlatform } from "./read-image.js";

type Path = readonly (string | number)[];

// Reads the `seed:` section: images, indexes and tags, checking every name it refers to.
export function readSeed(r: FieldReader, value: unknown, path: Path): SeedSpec {
  const obj = r.object(value, path) ?? {};
  r.onlyKeys(obj, ["images", "indexes", "artifacts", "tags", "damage", "files", "layouts"], path);
  const images = readNamed(r, obj.images, [...path, "images"], (o, p) => readImage(r, o, p));
  const indexes = readNamed(r, obj.indexes, [...path, "indexes"], (o, p) => readIndex(r, o, p, images));
  const named = new Set(Object.keys(images));
  for (const name of Object.keys(indexes)) {
    if (named.has(name))
      r.problem([...path, "indexes", name], `"${name}" is already the name of another seeded object`);
    named.add(name);
  }
  const artifacts = readNamed(r, obj.artifacts, [...path, "artifacts"], (o, p) => readArtifact(r, o, p, named));
  for (const name of Object.keys(artifacts)) {
    if (named.has(name))
      r.problem([...path, "artifacts", name], `"${name}" is already the name of another seeded object`);
    named.add(name);
  }
  const tags = r.list(obj, "tags", path).map((t, i) => readTag(r, t, [...path, "tags", i], named));
  const damage = r
    .list(obj, "damage", path, true)
    .map((d, i) => readDamage(r, d, [...path, "damage", i], images, named));
  const files = r.list(obj, "files", path, true).map((f, i) => readWorkspaceFile(r, f, [...path, "files", i]));
  const layouts = r.list(obj, "layouts", path, true).map((l, i) => readLayout(r, l, [...path, "layouts", i], named));
  return { images, indexes, artifacts, tags, damage, files, layouts };
}

function readArtifact(
  r: FieldReader,
  obj: Record<string, unknown>,
  path: Path,
  named: ReadonlySet<string>,
): ArtifactSpec {
  r.onlyKeys(obj, ["artifactType", "subject", "layers", "annotations"], path);
  const subject = r.string(obj, "subject", path, true);
  if (subject !== undefined && !named.has(subject))
    r.problem([...path, "subject"], `no seeded image or index is named "${subject}"`);
  const layers = r.list(obj, "layers", path, true).map((l, i) => {
    const p = [...path, "layers", i];
    const layer = r.object(l, p) ?? {};
    r.onlyKeys(layer, ["mediaType", "content"], p);
    return {
      mediaType: r.string(layer, "mediaType", p) ?? "",
      content: typeof layer.content === "string" ? layer.content : "",
    };
  });
  return {
    artifactType: r.string(obj, "artifactType", path) ?? "",
    subject,
    layers,
    annotations: r.stringMap(obj, "annotations", path),
  };
}

function readDamage(
  r: FieldReader,
  value: unknown,
  path: Path,
  images: Readonly<Record<string, ImageSpec>>,
  named: ReadonlySet<string>,
): DamageSpec {
  const obj = r.object(value, path) ?? {};
  r.onlyKeys(obj, ["action", "repository", "target", "blob"], path);
  const action = obj.action as DamageSpec["action"];
  if (action !== "delete-manifest" && action !== "delete-blob")
    r.problem([...path, "action"], "`action` is delete-manifest or delete-blob");
  const target = r.string(obj, "target", path) ?? "";
  if (target && !named.has(target)) r.problem([...path, "target"], `no seeded object is named "${target}"`);
  const blob = obj.blob as DamageSpec["blob"];
  if (action === "delete-blob") {
    const image = images[target];
    const layers = image?.layers.length ?? 0;
    const ok = blob === "config" || (typeof blob === "number" && Number.isInteger(blob) && blob >= 0 && blob < layers);
    if (!image) r.problem([...path, "target"], "`delete-blob` needs a seeded image as target");
    else if (!ok) r.problem([...path, "blob"], `\`blob\` is config or a layer index from 0 to ${layers - 1}`);
  }
  return { action, repository: r.string(obj, "repository", path) ?? "", target, blob };
}

function readLayout(r: FieldReader, value: unknown, path: Path, named: ReadonlySet<string>): LayoutSpec {
  const obj = r.object(value, path) ?? {};
  r.onlyKeys(obj, ["path", "refs"], path);
  const folder = r.string(obj, "path", path) ?? "";
  if (folder.startsWith("/") || folder.split("/").includes(".."))
    r.problem([...path, "path"], "`path` is relative to the workspace and has no `..`");
  const refs = r.list(obj, "refs", path).map((ref, i) => {
    const p = [...path, "refs", i];
    const item = r.object(ref, p) ?? {};
    r.onlyKeys(item, ["name", "target"], p);
    const target = r.string(item, "target", p) ?? "";
    if (target && !named.has(target)) r.problem([...p, "target"], `no seeded object is named "${target}"`);
    return { name: r.string(item, "name", p) ?? "", target };
  });
  return { path: folder, refs };
}

function readWorkspaceFile(r: FieldReader, value: unknown, path: Path): WorkspaceFileSpec {
  const obj = r.object(value, path) ?? {};
  r.onlyKeys(obj, ["path", "content"], path);
  const filePath = r.string(obj, "path", path) ?? "";
  if (filePath.startsWith("/") || filePath.split("/").includes("..")) {
    r.problem([...path, "path"], "`path` is relative to the lab's workspace and has no `..`");
  }
  return {
    path: filePath,
    content: typeof obj.content === "string" ? obj.content : (r.string(obj, "content", path) ?? ""),
  };
}

function readNamed<T>(
  r: FieldReader,
  value: unknown,
  path: Path,
  read: (obj: Record<string, unknown>, path: Path) => T,
): Record<string, T> {
  if (value === undefined) return {};
  const map = r.object(value, path) ?? {};
  const out: Record<string, T> = {};
  for (const [name, spec] of Object.entries(map)) {
    if (!/^[a-z][a-z0-9_]*$/.test(name))
      r.problem([...path, name], `name "${name}" must be lower-case letters, digits and _`);
    const obj = r.object(spec, [...path, name]);
    if (obj) out[name] = read(obj, [...path, name]);
  }
  return out;
}

function readIndex(
  r: FieldReader,
  obj: Record<string, unknown>,
  path: Path,
  images: Record<string, ImageSpec>,
): IndexSpec {
  r.onlyKeys(obj, ["flavour", "manifests", "attestations", "indent", "trailingNewline", "annotations"], path);
  const manifests = r.list(obj, "manifests", path).map((m, i): IndexEntrySpec => {
    const p = [...path, "manifests", i];
    const entry = typeof m === "string" ? { image: m } : (r.object(m, p) ?? {});
    if (typeof m !== "string") r.onlyKeys(entry, ["image", "platform"], p);
    const image = typeof entry.image === "string" ? entry.image : "";
    if (!(image in images))
      r.problem(p, `no seeded image is named "${image}" (images: ${Object.keys(images).join(", ")})`);
    return { image, platform: readPlatform(r, entry, "platform", p) };
  });
  return {
    flavour: readFlavour(r, obj, path),
    manifests,
    attestations: readAttestations(r, obj.attestations, [...path, "attestations"], manifests),
    indent: obj.indent === undefined ? undefined : r.integer(obj, "indent", path, 0, 8),
    trailingNewline: readBoolean(r, obj, "trailingNewline", path),
    annotations: r.stringMap(obj, "annotations", path),
  };
}

// `attestations`: true (one minimal provenance per image) or a map image → its in-toto predicates.
function readAttestations(
  r: FieldReader,
  value: unknown,
  path: Path,
  manifests: readonly IndexEntrySpec[],
): IndexSpec["attestations"] {
  if (value === undefined || typeof value === "boolean") return value === true;
  const obj = r.object(value, path, "true, false or a mapping of image name to predicates");
  if (!obj) return false;
  const entries = new Set(manifests.map((m) => m.image));
  const out: Record<string, PredicateSpec[]> = {};
  for (const [image, list] of Object.entries(obj)) {
    const p = [...path, image];
    if (!entries.has(image)) r.problem(p, `"${image}" is not an image of this index (${[...entries].join(", ")})`);
    if (!Array.isArray(list) || list.length === 0) {
      r.problem(p, "list at least one `{ predicateType, predicate }` for each attested image");
      continue;
    }
    out[image] = list.map((item, i) => {
      const q = [...p, i];
      const entry = r.object(item, q) ?? {};
      r.onlyKeys(entry, ["predicateType", "predicate"], q);
      return {
        predicateType: r.string(entry, "predicateType", q) ?? "",
        predicate: r.object(entry.predicate, [...q, "predicate"]) ?? {},
      };
    });
  }
  return out;
}

function readTag(r: FieldReader, value: unknown, path: Path, targets: ReadonlySet<string>): TagSpec {
  const obj = r.object(value, path) ?? {};
  r.onlyKeys(obj, ["repository", "tag", "target"], path);
  const target = r.string(obj, "target", path) ?? "";
  if (target && !targets.has(target)) r.problem([...path, "target"], `no seeded object is named "${target}"`);
  return { repository: r.string(obj, "repository", path) ?? "", tag: r.string(obj, "tag", path) ?? "", target };
}
