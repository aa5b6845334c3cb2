import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from "yaml";
import type { ParseProblem } from "./parse-env-file.js";

// Image references in multi-document YAML: Kubernetes workloads (every container list of a pod spec, wherever
// the kind keeps it), `List` items, and Docker Compose `services.*.image`. Documents of other shapes are searched
// for any `image:` string, so nothing that names an image is missed. Pure: text in, references out.
// https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Container,
// https://docs.docker.com/reference/compose-file/services/#image

/** An image named in a YAML document. */
export interface YamlImage {
  readonly image: string;
  /** 0-based document index in the stream. */
  readonly document: number;
  /** Path to the value, e.g. `spec.template.spec.initContainers[0].image`. */
  readonly path: string;
  readonly line: number;
  /** `kind` of the document, `compose` for a Compose file, or "" when neither. */
  readonly kind: string;
  /** Container or service name, when there is one. */
  readonly name?: string;
}

/** What the parser found. */
export interface YamlImages {
  readonly images: readonly YamlImage[];
  readonly documents: number;
  readonly problems: readonly ParseProblem[];
}

const CONTAINER_LISTS = ["containers", "initContainers", "ephemeralContainers"];
/** Where each workload kind keeps its pod spec. */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ["spec"],
  PodTemplate: ["template", "spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

interface Walk {
  readonly doc: Document;
  readonly index: number;
  readonly lines: LineCounter;
  readonly images: YamlImage[];
  readonly problems: ParseProblem[];
}

// Parses every document of a YAML stream; never throws.
export function parseYamlImages(text: string): YamlImages {
  const lines = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true });
  const docs = Array.isArray(parsed) ? parsed : [];
  const images: YamlImage[] = [];
  const problems: ParseProblem[] = [];
  docs.forEach((doc, index) => {
    for (const error of doc.errors) problems.push({ line: error.linePos?.[0].line ?? 1, message: error.message });
    if (doc.errors.length === 0) readDocument({ doc, index, lines, images, problems });
  });
  images.sort((a, b) => a.document - b.document || a.line - b.line);
  return { images, documents: docs.filter((d) => !isEmpty(d.contents)).length, problems };
}

function readDocument(w: Walk): void {
  const root = resolve(w, w.doc.contents);
  if (!isMap(root)) return;
  const kind = scalarString(w, root.get("kind", true));
  if (kind !== undefined && (kind === "List" || kind.endsWith("List"))) {
    const items = resolve(w, root.get("items", true));
    if (!isSeq(items)) return;
    for (const [i, item] of items.items.entries()) readObject(w, item as Node, `items[${i}]`);
    return;
  }
  readObject(w, root, "");
}

function readObject(w: Walk, value: Node | null | undefined, path: string): void {
  const node = resolve(w, value);
  if (!isMap(node)) return;
  const kind = scalarString(w, node.get("kind", true)) ?? "";
  const specPath = POD_SPEC_PATHS[kind];
  const services = resolve(w, node.get("services", true));
  if (specPath) readPodSpec(w, node, specPath, path, kind);
  else if (kind === "" && isMap(services)) readCompose(w, services, join(path, "services"));
  else searchImages(w, node, path, kind);
}

function readPodSpec(w: Walk, node: Node, specPath: readonly string[], path: string, kind: string): void {
  let spec: Node | undefined = node;
  let at = path;
  for (const key of specPath) {
    spec = isMap(spec) ? resolve(w, spec.get(key, true) as Node) : undefined;
    at = join(at, key);
  }
  if (!isMap(spec)) return;
  for (const list of CONTAINER_LISTS) {
    const containers = resolve(w, spec.get(list, true) as Node);
    if (!isSeq(containers)) continue;
    containers.items.forEach((item, i) => {
      const container = resolve(w, item as Node);
      if (!isMap(container)) return;
      const name = scalarString(w, container.get("name", true));
      addImage(w, container.get("image", true) as Node, `${join(at, list)}[${i}].image`, kind, name);
    });
  }
}

function readCompose(w: Walk, services: Node, path: string): void {
  if (!isMap(services)) return;
  for (const pair of services.items) {
    const name = scalarString(w, pair.key as Node) ?? "";
    const service = resolve(w, pair.value as Node);
    if (isMap(service) && service.has("image")) {
      addImage(w, service.get("image", true) as Node, join(join(path, name), "image"), "compose", name);
    }
  }
}

// Any `image: <string>` in a document of an unknown shape (a custom resource, a Helm values file).
function searchImages(w: Walk, value: Node | null | undefined, path: string, kind: string, depth = 0): void {
  const node = resolve(w, value);
  if (depth > 32) return;
  if (isSeq(node))
    for (const [i, item] of node.items.entries()) searchImages(w, item as Node, `${path}[${i}]`, kind, depth + 1);
  if (!isMap(node)) return;
  for (const pair of node.items) {
    const key = scalarString(w, pair.key as Node) ?? "";
    const child = resolve(w, pair.value as Node);
    if (key === "image" && isScalar(child) && typeof child.value === "string")
      addImage(w, child, join(path, key), kind);
    else searchImages(w, child, join(path, key), kind, depth + 1);
  }
}

function addImage(w: Walk, value: Node | undefined, path: string, kind: string, name?: string): void {
  const node = resolve(w, value);
  const line = lineOf(w, node);
  if (!isScalar(node) || typeof node.value !== "string" || node.value.trim() === "") {
    w.problems.push({ line, message: `${path} is not an image reference (a non-empty string)` });
    return;
  }
  const found: YamlImage = { image: node.value.trim(), document: w.index, path, line, kind };
  w.images.push(name ? { ...found, name } : found);
}

function isEmpty(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null);
}

function resolve(w: Walk, node: Node | null | undefined): Node | undefined {
  if (isAlias(node)) return node.resolve(w.doc) ?? undefined;
  return node ?? undefined;
}

function scalarString(w: Walk, node: unknown): string | undefined {
  const value = resolve(w, node as Node);
  return isScalar(value) && typeof value.value === "string" ? value.value : undefined;
}

function lineOf(w: Walk, node: Node | undefined): number {
  const offset = node?.range?.[0];
  return offset === undefined ? 1 : w.lines.linePos(offset).line;
}

function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}
