import type { GradeContext, SeedFact } from "../../../grader/checks/context.js";
import { memoManifests, memoWalks } from "../../../grader/checks/context.js";
import type { AnswerValue, ShellRunner, WorkspaceReader } from "../../../grader/checks/inputs.js";
import type { CheckKind } from "../../../grader/checks/kind.js";
import { runCheck } from "../../../grader/grade.js";
import { createDeadline } from "../../../grader/oci/deadline.js";
import { DEFAULT_LIMITS, type Limits } from "../../../grader/oci/limits.js";
import type { CheckResult } from "../../../grader/report.js";
import { type Built, pushPlan } from "../../../runner/seed/built.js";
import { createMemorySource, type MemorySource } from "../../support/memory-source.js";

// Shared fixtures of the content check tests: a memory registry filled with seed-built objects, a grading
// context over it, an in-memory workspace, and a runner that validates and runs one check like grade.ts does.

export const PREFIX = "labtest";

/** What a test grades against. */
export interface Fixture {
  readonly source: MemorySource;
  answers: Map<string, AnswerValue>;
  files: Map<string, Uint8Array | string>;
  seed: Map<string, SeedFact>;
  values: Record<string, string>;
  shell?: ShellRunner;
  limits: Limits;
}

// An empty registry and workspace.
export function createFixture(): Fixture {
  return {
    source: createMemorySource(),
    answers: new Map(),
    files: new Map(),
    seed: new Map(),
    values: { REGISTRY: "127.0.0.1:5123", PREFIX, LAB: "99" },
    limits: DEFAULT_LIMITS,
  };
}

// Pushes a built object (blobs, children, then the root, tagged) into `repository` under the prefix.
export function push(fixture: Fixture, repository: string, built: Built, tag?: string): void {
  const plan = pushPlan(built);
  for (const blob of plan.blobs) fixture.source.putBlob(`${PREFIX}/${repository}`, blob.bytes);
  plan.manifests.forEach((m, i) => {
    const root = i === plan.manifests.length - 1;
    fixture.source.putManifest(`${PREFIX}/${repository}`, m.bytes, {
      mediaType: m.mediaType,
      ...(root && tag ? { tag } : {}),
    });
  });
}

// A workspace over the fixture's files: regular files only, bounded like the runner's.
export function workspaceOf(files: ReadonlyMap<string, Uint8Array | string>): WorkspaceReader {
  return {
    async read(path, maxBytes) {
      const content = files.get(path);
      if (content === undefined) return undefined;
      const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
      if (bytes.byteLength > maxBytes) throw new Error(`workspace file ${path} is over ${maxBytes} bytes`);
      return bytes;
    },
  };
}

// A grading context like gradeLab's.
export function contextOf(fixture: Fixture): GradeContext {
  const deadline = createDeadline(fixture.limits.gradingDeadlineMs);
  return {
    source: fixture.source,
    prefix: PREFIX,
    seed: fixture.seed,
    limits: fixture.limits,
    deadline,
    manifest: memoManifests(fixture.source, PREFIX),
    walk: memoWalks(fixture.source, PREFIX, fixture.limits, deadline),
    answers: fixture.answers,
    workspace: workspaceOf(fixture.files),
    ...(fixture.shell ? { shell: fixture.shell } : {}),
    values: fixture.values,
  };
}

// Validates and runs one check of `kind` as grade.ts does (expected values hidden per showExpected).
export async function runKind(
  kind: CheckKind<unknown>,
  fixture: Fixture,
  fields: Record<string, unknown>,
): Promise<CheckResult> {
  const scope = {
    seedNames: new Set(fixture.seed.keys()),
    answerKeys: new Set([...fixture.answers.keys(), "missing_key"]),
  };
  const { problems } = kind.validate({ id: "c", kind: kind.kind, ...fields }, scope);
  if (problems.length > 0) throw new Error(`invalid check: ${problems.map((p) => p.message).join("; ")}`);
  return runCheck({ id: "c", kind: kind.kind, ...fields }, contextOf(fixture), scope);
}

// The validation problems of a check (the messages), for tests of `validate`.
export function problemsOf(
  kind: CheckKind<unknown>,
  fields: Record<string, unknown>,
  seedNames: string[] = [],
): string[] {
  const scope = { seedNames: new Set(seedNames), answerKeys: new Set(["k"]) };
  return kind
    .validate({ id: "c", kind: kind.kind, ...fields }, scope)
    .problems.map((p) => `${p.path.join(".")}: ${p.message}`);
}

// Every learner-facing text of a result, joined (for "never reveals" assertions).
export function allText(result: CheckResult): string {
  return [result.summary, result.expected, result.actual, result.diagnosis, result.hint].filter(Boolean).join("\n");
}
