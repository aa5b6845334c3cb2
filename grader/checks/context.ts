import type { Deadline } from "../oci/deadline.js";
import type { Digest } from "../oci/digest.js";
import type { Limits } from "../oci/limits.js";
import type { Fetched, Manifest, Platform } from "../oci/types.js";
import { type Graph, walkGraph } from "../oci/walk.js";
import type { ObjectSource } from "../registry/source.js";
import type { AnswerValue, ShellRunner, WorkspaceReader } from "./inputs.js";
import { type LabRef, prefixed } from "./lab-ref.js";

/** What the seeder made for a named object: enough for the grader to know the truth without asking a learner. */
export interface SeedFact {
  readonly name: string;
  readonly digest: Digest;
  readonly mediaType: string;
  /** For an index: its entries as seeded (attestations flagged). */
  readonly children?: readonly SeedChild[];
  /** For an image: its config digest (the image ID) and platform. */
  readonly configDigest?: Digest;
  readonly platform?: Platform;
  /** For an image: its layer digests, bottom first (repeats kept). */
  readonly layers?: readonly Digest[];
  /** Every digest reachable from the object (itself, children, configs, layers). */
  readonly reachable: readonly Digest[];
  /** The seeded tags naming it, as `repository:tag` relative to the prefix. */
  readonly tags?: readonly string[];
}

/** One entry of a seeded index. */
export interface SeedChild {
  readonly digest: Digest;
  readonly platform?: Platform;
  readonly attestation: boolean;
  readonly configDigest?: Digest;
}

/** Everything a check may read: the objects (read-only), the lab's namespace, seeded facts and bounds. */
export interface GradeContext {
  readonly source: ObjectSource;
  /** Repository prefix of this lab and learner, for example `lab09`. */
  readonly prefix: string;
  readonly seed: ReadonlyMap<string, SeedFact>;
  readonly limits: Limits;
  readonly deadline: Deadline;
  /** Fetches a manifest once per grading run (by repository and reference); undefined when it does not exist. */
  readonly manifest: (ref: LabRef) => Promise<Fetched<Manifest> | undefined>;
  /** Walks the graph under a reference inside its own repository, once per run (blobs hash-verified). */
  readonly walk: (ref: LabRef) => Promise<Graph>;
  /** True when the objects come from a submission bundle (content proven, registry state only claimed). */
  readonly fromBundle?: boolean;
  /** The learner's answers by key (empty when none were given). */
  readonly answers: ReadonlyMap<string, AnswerValue>;
  /** The learner's workspace; undefined where there is none (a course registry without a submission). */
  readonly workspace?: WorkspaceReader;
  /** Shell checks run only when the runner provides this (never by default in `labs grade`). */
  readonly shell?: ShellRunner;
  /** Values shell checks receive as environment variables (REGISTRY, PREFIX, SEED_<NAME>_DIGEST, …). */
  readonly values: Readonly<Record<string, string>>;
}

// A memoising manifest reader over a source: each (repository, reference) is fetched once per run.
export function memoManifests(
  source: ObjectSource,
  prefix: string,
): (ref: LabRef) => Promise<Fetched<Manifest> | undefined> {
  const memo = new Map<string, Promise<Fetched<Manifest> | undefined>>();
  return (ref) => {
    const repository = prefixed(prefix, ref.repository);
    const key = `${repository}\u0000${ref.reference}`;
    let hit = memo.get(key);
    if (!hit) {
      hit = source.manifest(repository, ref.reference).catch((error: unknown) => {
        if (isNotFound(error)) return undefined;
        throw error;
      });
      memo.set(key, hit);
    }
    return hit;
  };
}

function isNotFound(error: unknown): boolean {
  const e = error as { isNotFound?: () => boolean } | undefined;
  return typeof e?.isNotFound === "function" && e.isNotFound();
}

// A memoising graph walker: each reference is walked once per run, in the repository it names.
export function memoWalks(
  source: ObjectSource,
  prefix: string,
  limits: Limits,
  deadline: Deadline,
): (ref: LabRef) => Promise<Graph> {
  const memo = new Map<string, Promise<Graph>>();
  return (ref) => {
    const repository = prefixed(prefix, ref.repository);
    const key = `${repository}\u0000${ref.reference}`;
    let hit = memo.get(key);
    if (!hit) {
      hit = walkGraph(source, repository, ref.reference, { limits, deadline, verifyBlobs: true });
      memo.set(key, hit);
    }
    return hit;
  };
}
