// The lab definition as the grader and runner see it after loading and validation (lab format v1).

/** The lab-file format this version of `labs` reads. */
export const LAB_FORMAT_VERSION = 1;

/** One file in a layer description. */
export interface FileSpec {
  /** Path inside the image, without a leading slash. */
  readonly path: string;
  /** Entry type; `file` by default. */
  readonly type?: "file" | "dir" | "symlink" | "hardlink" | "whiteout" | "opaque-whiteout";
  /** File content (UTF-8). */
  readonly content?: string;
  /** Link target for symlinks and hard links. */
  readonly target?: string;
  /** Permission bits, for example 0o755 (YAML: `0755` is read as octal by the loader). */
  readonly mode?: number;
}

/** A layer: files in order, and how the tar is compressed. */
export interface LayerSpec {
  readonly files: readonly FileSpec[];
  readonly compression?: "gzip" | "none";
  /** gzip level 1-9 (default 9); another level gives another blob digest for the same DiffID. */
  readonly gzipLevel?: number;
}

/** One history entry of an image config (image-spec config.md). */
export interface HistorySpec {
  readonly created?: string;
  /** The command that made the layer, as `docker history` shows it. */
  readonly created_by?: string;
  readonly author?: string;
  readonly comment?: string;
  /** True for an entry that made no layer (ENV, CMD, …). */
  readonly empty_layer?: boolean;
}

/** A single-platform image built by the seeder. */
export interface ImageSpec {
  /** OCI or Docker media types. */
  readonly flavour: "oci" | "docker";
  /** os/arch[/variant], for example linux/arm64/v8. */
  readonly platform: string;
  readonly layers: readonly LayerSpec[];
  /** The `config` object of the image configuration (Cmd, Env, Labels, …). */
  readonly config?: Readonly<Record<string, unknown>>;
  /** RFC 3339 time written as the config's `created` (and in default history entries); omitted when absent. */
  readonly created?: string;
  /** The config's `author`. */
  readonly author?: string;
  /** The config's history, replacing the default of one entry per layer: one entry without `empty_layer` per layer. */
  readonly history?: readonly HistorySpec[];
  /** JSON layout of the manifest: compact (default) or indented. */
  readonly indent?: number;
  /** End the manifest JSON with a newline (as umoci and `jq` write it). */
  readonly trailingNewline?: boolean;
  /** End the config JSON with a newline (umoci does; the config digest, the image ID, changes with it). */
  readonly configTrailingNewline?: boolean;
  /** Write the manifest's own `mediaType` field (default true; umoci leaves it out). */
  readonly mediaTypeField?: boolean;
  /** Extra top-level config fields written after the standard ones (Docker's `container_config`, for example). */
  readonly configExtra?: Readonly<Record<string, unknown>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** One in-toto statement of a seeded attestation: its predicate type and predicate. */
export interface PredicateSpec {
  readonly predicateType: string;
  readonly predicate: Readonly<Record<string, unknown>>;
}

/** One entry of a seeded index; it may lie about the platform on purpose. */
export interface IndexEntrySpec {
  /** Name of a seeded image. */
  readonly image: string;
  /** Overrides the platform written in the index entry (a lying index). */
  readonly platform?: string;
}

/** An image index or Docker manifest list built by the seeder. */
export interface IndexSpec {
  readonly flavour: "oci" | "docker";
  readonly manifests: readonly IndexEntrySpec[];
  /**
   * BuildKit-shaped attestation manifests: `true` adds one (a minimal SLSA provenance) per image; a map adds one
   * per named image, with one in-toto layer per listed predicate.
   */
  readonly attestations?: boolean | Readonly<Record<string, readonly PredicateSpec[]>>;
  readonly indent?: number;
  /** End the index JSON with a newline. */
  readonly trailingNewline?: boolean;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** An OCI 1.1 artifact (image-spec manifest.md, "Guidelines for Artifact Usage"), optionally referring to a subject. */
export interface ArtifactSpec {
  readonly artifactType: string;
  /** Name of a seeded image, index or artifact this artifact refers to. */
  readonly subject?: string;
  /** Blobs of the artifact, each with its media type and (UTF-8) content. */
  readonly layers: readonly { readonly mediaType: string; readonly content: string }[];
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A tag the seeder points at a named object. */
export interface TagSpec {
  /** Repository under the lab prefix, for example `src/app`. */
  readonly repository: string;
  readonly tag: string;
  /** Name of a seeded image or index. */
  readonly target: string;
}

/** An OCI image layout `labs start` writes into the workspace (image-spec image-layout.md). */
export interface LayoutSpec {
  /** Folder relative to the lab's workspace. */
  readonly path: string;
  /** The layout's refs: `org.opencontainers.image.ref.name` → a seeded object, in index.json order. */
  readonly refs: readonly { readonly name: string; readonly target: string }[];
}

/** A file `labs start` writes into the lab's workspace (never over a file the learner changed). */
export interface WorkspaceFileSpec {
  /** Path relative to the lab's workspace folder. */
  readonly path: string;
  /** Content, with `{{registry}}`, `{{prefix}}` and `{{seed.NAME.digest}}` placeholders filled in. */
  readonly content: string;
}

/** Deliberate damage applied after seeding, to make a broken state for the learner to repair. */
export interface DamageSpec {
  /** `delete-manifest` removes a seeded object's manifest by digest; `delete-blob` unlinks one of its blobs. */
  readonly action: "delete-manifest" | "delete-blob";
  /** Repository under the lab prefix. */
  readonly repository: string;
  /** Name of the seeded object whose manifest (or blob) is removed. */
  readonly target: string;
  /** For `delete-blob`: `config`, or the index of a layer (0 = bottom). */
  readonly blob?: "config" | number;
}

/** Everything `labs start` puts in the registry and the workspace. */
export interface SeedSpec {
  readonly images: Readonly<Record<string, ImageSpec>>;
  readonly indexes: Readonly<Record<string, IndexSpec>>;
  readonly artifacts: Readonly<Record<string, ArtifactSpec>>;
  readonly tags: readonly TagSpec[];
  readonly damage: readonly DamageSpec[];
  readonly files: readonly WorkspaceFileSpec[];
  readonly layouts: readonly LayoutSpec[];
}

/** A check, its kind-specific fields kept as loaded and validated by the check's own schema. */
export interface CheckSpec {
  readonly id: string;
  readonly kind: string;
  /** Short description shown with the result. */
  readonly title?: string;
  readonly [field: string]: unknown;
}

/** One task of a lab. */
export interface TaskSpec {
  readonly id: string;
  readonly title: string;
  /** Markdown, with `{{registry}}` and `{{prefix}}` placeholders. */
  readonly text: string;
  readonly points: number;
  /** Tasks that must pass before this one is graded. */
  readonly needs: readonly string[];
  /** Progressive hints, shown one at a time. */
  readonly hints: readonly string[];
  readonly checks: readonly CheckSpec[];
}

/** Shell commands a learner would type; values arrive as environment variables. */
export interface ShellSteps {
  readonly run: string;
  /** Tools the steps need (checked before running: a missing tool is an error, not a pass). */
  readonly tools: readonly string[];
}

/** A known wrong attempt, with what the grader must say about it. */
export interface WrongAttemptSpec extends ShellSteps {
  readonly name: string;
  /** The task and check that must fail. */
  readonly task: string;
  readonly check: string;
  /** Words the diagnosis must contain (case-insensitive). */
  readonly diagnosis: readonly string[];
  /** Registry capabilities the attempt needs; where one is missing the attempt is reported as not applicable. */
  readonly requires: readonly RegistryCapability[];
}

/** A capability a registry may lack (probed at start): the names of RegistryCapabilities in runner/registry/backend.ts. */
export type RegistryCapability =
  | "deleteByTag"
  | "deleteManifest"
  | "deleteBlob"
  | "referrersApi"
  | "tagPaging"
  | "garbageCollection"
  | "schema1Conversion";

/** Every registry capability name, for validation. */
export const REGISTRY_CAPABILITIES: readonly RegistryCapability[] = [
  "deleteByTag",
  "deleteManifest",
  "deleteBlob",
  "referrersApi",
  "tagPaging",
  "garbageCollection",
  "schema1Conversion",
];

/** A value the learner reports with `labs answer N KEY VALUE`, validated against its type at once. */
export interface AnswerSpec {
  readonly type: "digest" | "number" | "string" | "set" | "map";
  /** What to answer, in one line (shown by `labs answer` and `labs status`). */
  readonly title: string;
}

/** A whole lab. */
export interface LabDefinition {
  readonly formatVersion: number;
  readonly number: number;
  readonly slug: string;
  readonly title: string;
  readonly level: "beginner" | "intermediate" | "advanced";
  readonly minutes: number;
  readonly goals: readonly string[];
  readonly teaches: readonly string[];
  readonly uses: readonly string[];
  /** Markdown shown by `labs start`. */
  readonly intro: string;
  /** Markdown shown once every task passes. */
  readonly debrief: string;
  readonly seed: SeedSpec;
  /** Answers the learner gives, by key. */
  readonly answers: Readonly<Record<string, AnswerSpec>>;
  readonly tasks: readonly TaskSpec[];
  /**
   * `full` (the default) carries the solution and wrong attempts; a `learner` edition (`labs pack`) ships
   * without them and without hidden checks, so a course can hand labs out and keep its instructor material.
   */
  readonly edition?: "full" | "learner";
  /** Absent only in a learner edition. */
  readonly solution?: ShellSteps;
  /** `labs solution` shows the solution after a pass, or after this many `labs check` runs (never, when absent). */
  readonly solutionAfterChecks?: number;
  readonly wrongAttempts: readonly WrongAttemptSpec[];
  /**
   * Values varied per learner, by name, each with the values it may take (the first for the shared seed): strings,
   * or records of named parts that change together. `{{choice.NAME}}` (`{{choice.NAME.PART}}`) anywhere in the
   * file takes one learner's value; shell commands read `$CHOICE_NAME` (`$CHOICE_NAME_PART`) instead.
   */
  readonly choices: Readonly<Record<string, readonly (string | Readonly<Record<string, string>>)[]>>;
  /** The value each choice took in this definition (the learner's it was loaded for), by `NAME` or `NAME.PART`. */
  readonly chosen: Readonly<Record<string, string>>;
  /** Where the lab was loaded from. */
  readonly file: string;
}

// The repository prefix of a lab: `lab09`, or `course/<learner>/lab09` on a course registry.
export function labPrefix(labNumber: number, learner?: string): string {
  const lab = `lab${String(labNumber).padStart(2, "0")}`;
  return learner ? `course/${learner}/${lab}` : lab;
}
