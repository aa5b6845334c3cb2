import { isValidRepositoryName } from "../oci/reference.js";
import { booleanField, choiceField, integerField, stringField, workspacePathField } from "./content-fields.js";
import type { GradeContext } from "./context.js";
import { listWords } from "./describe.js";
import { unknownFields } from "./fields.js";
import { type CheckOutcome, type CheckScope, defineCheck, type FieldProblem } from "./kind.js";
import { type LabRef, parseLabRef } from "./lab-ref.js";
import { checkLayout } from "./workspace-file-layout.js";
import { checkPin } from "./workspace-file-pins.js";
import { formatOf, referencesIn, WORKSPACE_FORMATS, type WorkspaceFormat } from "./workspace-file-refs.js";

/** An object a reference in the file must pin: the seeded object, or what a tag names now. */
export interface PinSpec {
  /** Lab repository, without the prefix. */
  readonly repository: string;
  readonly seed?: string;
  readonly ref?: LabRef;
  /** The pin must name an index (or manifest list), not one platform's manifest. */
  readonly multiPlatform: boolean;
}

/** A ref name of an OCI image layout and the object it must name. */
export interface LayoutRefSpec {
  readonly name: string;
  readonly seed?: string;
  readonly ref?: LabRef;
}

/** A workspace file parsed for real, with semantic checks on the image references it holds. */
export interface WorkspaceFileCheckSpec {
  readonly path: string;
  readonly format: WorkspaceFormat;
  /** env files: the variable that holds the reference. */
  readonly key?: string;
  /** Every reference is pinned by digest (default true). */
  readonly pinned: boolean;
  /** The exact number of image references, when given. */
  readonly references?: number;
  readonly pins: readonly PinSpec[];
  /** Each pin's graph is complete in its repository (walked by digest, blobs verified). */
  readonly complete: boolean;
  readonly refs: readonly LayoutRefSpec[];
}

/** Largest workspace file read. */
export const MAX_WORKSPACE_FILE_BYTES = 1024 * 1024;

const FIELDS = ["path", "format", "key", "pinned", "references", "pins", "complete", "refs"];

// Pinning by digest makes a reference immutable (image-spec descriptor.md "Digests"); an index digest keeps
// every platform (image-index.md); a config digest names a blob, not a manifest (distribution-spec "Pull").
// https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#digests, https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#pulling-manifests
export const workspaceFile = defineCheck<WorkspaceFileCheckSpec>({
  kind: "workspace-file",
  summary:
    "a workspace file (Dockerfile, YAML, env, OCI layout) parsed for real: image references pinned to the right objects",
  validate(fields, scope) {
    const problems: FieldProblem[] = [];
    unknownFields(fields, FIELDS, problems);
    const path = workspacePathField(fields, "path", problems);
    const format = choiceField(fields, "format", WORKSPACE_FORMATS, problems) ?? (path ? formatOf(path) : "text");
    const key = stringField(fields, "key", problems);
    if (format === "env" && !key)
      problems.push({
        path: ["key"],
        message: "an env file check needs `key`: the variable that holds the image reference",
      });
    if (format !== "env" && key) problems.push({ path: ["key"], message: "`key` applies to env files" });
    const pins = readList(fields, "pins", problems, (item, at) => readPin(item, at, scope, problems));
    const refs = readList(fields, "refs", problems, (item, at) => readLayoutRef(item, at, scope, problems));
    if (format === "oci-layout" && refs.length === 0)
      problems.push({ path: ["refs"], message: "an oci-layout check needs `refs`" });
    if (format !== "oci-layout" && fields.refs !== undefined)
      problems.push({ path: ["refs"], message: "`refs` applies to `format: oci-layout`" });
    const spec = {
      path: path ?? "",
      format,
      ...(key ? { key } : {}),
      pinned: booleanField(fields, "pinned", problems) ?? true,
      ...(fields.references !== undefined ? { references: integerField(fields, "references", problems, 1, 1000) } : {}),
      pins,
      complete: booleanField(fields, "complete", problems) ?? false,
      refs,
    };
    return problems.length > 0 ? { problems } : { spec: spec as WorkspaceFileCheckSpec, problems };
  },
  async run(spec, ctx) {
    if (!ctx.workspace) return { status: "error", summary: "there is no workspace to read here" };
    if (spec.format === "oci-layout") return checkLayout(spec, ctx, ctx.workspace);
    const bytes = await ctx.workspace.read(spec.path, MAX_WORKSPACE_FILE_BYTES);
    if (!bytes)
      return {
        status: "fail",
        summary: `\`${spec.path}\` does not exist.`,
        hint: `Keep the file at \`${spec.path}\` in your workspace.`,
      };
    return checkReferences(spec, ctx, new TextDecoder().decode(bytes));
  },
});

async function checkReferences(spec: WorkspaceFileCheckSpec, ctx: GradeContext, text: string): Promise<CheckOutcome> {
  const { references, problems } = referencesIn(text, spec.format, ctx, spec.key);
  const file = `\`${spec.path}\``;
  if (problems.length > 0) {
    const first = problems[0] as { line: number; message: string };
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
    return {
      status: "fail",
      summary: `${file} cannot be read as ${spec.format}: line ${first.line}: ${first.message}${more}.`,
      hint: "Fix the file so its tool can read it.",
    };
  }
  if (references.length === 0) {
    const what = spec.key ? `no \`${spec.key}=\` line` : "no image reference";
    return {
      status: "fail",
      summary: `${file} has ${what}.`,
      hint: "Keep the image references in the file; change only how they are written.",
    };
  }
  if (spec.references !== undefined && references.length !== spec.references) {
    return {
      status: "fail",
      summary: `${file} has ${references.length} image references.`,
      expected: `${spec.references}`,
      actual: `${references.length}`,
      hint: "Keep every image reference of the file, and add none.",
    };
  }
  const invalid = references.find((r) => r.invalid);
  if (invalid)
    return {
      status: "fail",
      summary: `${file}: \`${invalid.text}\` (${invalid.where}) is not an image reference: ${invalid.invalid}.`,
      hint: "Write references as `host/repository:tag@sha256:<64 hex>`.",
    };
  const tagOnly = references.filter((r) => !r.parsed?.digest);
  if (spec.pinned && tagOnly.length > 0) {
    const list = listWords(tagOnly.slice(0, 3).map((r) => `\`${r.text}\` (${r.where})`));
    return {
      status: "fail",
      summary: `${file} references ${tagOnly.length === 1 ? "an image" : `${tagOnly.length} images`} by tag only: ${list}${tagOnly.length > 3 ? ", …" : ""}.`,
      expected: "every reference pinned as `name:tag@sha256:…` or `name@sha256:…`",
      actual: `${tagOnly.length} of ${references.length} by tag only`,
      diagnosis: "A tag is a movable pointer: when it moves, this file runs something else.",
      hint: "Append `@sha256:<digest>` to each reference (keep the tag for readability); get the digest with `skopeo inspect --format '{{.Digest}}'`.",
    };
  }
  for (const pin of spec.pins) {
    const outcome = await checkPin(pin, references, spec, ctx);
    if (outcome) return outcome;
  }
  const pinned = spec.pinned ? ", all pinned by digest" : "";
  const named =
    spec.pins.length > 0
      ? `; ${listWords(spec.pins.map((p) => `\`${p.repository}\``))} pinned to the expected objects`
      : "";
  return {
    status: "pass",
    summary: `${file} has ${references.length} image reference${references.length === 1 ? "" : "s"}${pinned}${named}.`,
  };
}

function readList<T>(
  fields: Readonly<Record<string, unknown>>,
  name: string,
  problems: FieldProblem[],
  read: (item: Record<string, unknown>, at: (string | number)[]) => T | undefined,
): T[] {
  const value = fields[name];
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push({ path: [name], message: `\`${name}\` is a list` });
    return [];
  }
  return value.flatMap((item, i) => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      problems.push({ path: [name, i], message: `each of \`${name}\` is a mapping` });
      return [];
    }
    const read1 = read(item as Record<string, unknown>, [name, i]);
    return read1 === undefined ? [] : [read1];
  });
}

function readTarget(
  item: Record<string, unknown>,
  at: (string | number)[],
  scope: CheckScope,
  problems: FieldProblem[],
): { seed?: string; ref?: LabRef } | undefined {
  if ((item.seed === undefined) === (item.ref === undefined)) {
    problems.push({ path: at, message: "give `seed` (a seeded object) or `ref` (what a tag names now), not both" });
    return undefined;
  }
  if (typeof item.seed === "string") {
    if (scope.seedNames.has(item.seed)) return { seed: item.seed };
    problems.push({ path: [...at, "seed"], message: `no seeded object is named "${item.seed}"` });
    return undefined;
  }
  const ref = typeof item.ref === "string" ? parseLabRef(item.ref) : "`ref` must be a reference such as `app:v1`";
  if (typeof ref !== "string") return { ref };
  problems.push({ path: [...at, "ref"], message: ref });
  return undefined;
}

function readPin(
  item: Record<string, unknown>,
  at: (string | number)[],
  scope: CheckScope,
  problems: FieldProblem[],
): PinSpec | undefined {
  const extra = Object.keys(item).filter((k) => !["repository", "seed", "ref", "multiPlatform"].includes(k));
  if (extra.length > 0)
    problems.push({
      path: [...at, extra[0] as string],
      message: "a pin takes repository, seed or ref, and multiPlatform",
    });
  const repository =
    typeof item.repository === "string" && isValidRepositoryName(item.repository) ? item.repository : undefined;
  if (!repository)
    problems.push({ path: [...at, "repository"], message: "`repository` is a lab repository such as `frontend`" });
  if (item.multiPlatform !== undefined && typeof item.multiPlatform !== "boolean")
    problems.push({ path: [...at, "multiPlatform"], message: "`multiPlatform` is true or false" });
  const target = readTarget(item, at, scope, problems);
  return repository && target ? { repository, ...target, multiPlatform: item.multiPlatform === true } : undefined;
}

function readLayoutRef(
  item: Record<string, unknown>,
  at: (string | number)[],
  scope: CheckScope,
  problems: FieldProblem[],
): LayoutRefSpec | undefined {
  const name = typeof item.name === "string" && item.name !== "" ? item.name : undefined;
  if (!name)
    problems.push({
      path: [...at, "name"],
      message: "`name` is the layout's ref name (org.opencontainers.image.ref.name)",
    });
  const target = readTarget(item, at, scope, problems);
  return name && target ? { name, ...target } : undefined;
}
