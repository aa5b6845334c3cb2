import { CHECK_KIND_NAMES } from "../../grader/checks/catalog.js";
import type { CheckKind, CheckScope } from "../../grader/checks/kind.js";
import {
  type AnswerSpec,
  type CheckSpec,
  type LabDefinition,
  REGISTRY_CAPABILITIES,
  type RegistryCapability,
  type ShellSteps,
  type TaskSpec,
  type WrongAttemptSpec,
} from "../../grader/lab/types.js";
import { type ChoicePick, fillChoices, pickChoices, readChoices } from "./choices.js";
import type { FieldReader } from "./fields.js";
import { readSeed } from "./read-seed.js";

type Path = readonly (string | number)[];
const LEVELS = ["beginner", "intermediate", "advanced"] as const;
const ANSWER_TYPES: readonly AnswerSpec["type"][] = ["digest", "number", "string", "set", "map"];
const TOP_KEYS = [
  "formatVersion",
  "number",
  "slug",
  "title",
  "level",
  "minutes",
  "goals",
  "teaches",
  "uses",
  "intro",
  "debrief",
  "seed",
  "answers",
  "tasks",
  "edition",
  "solution",
  "solutionAfterChecks",
  "wrongAttempts",
  "choices",
];

/** The check kinds a lab's checks are validated with, by name (loaded beforehand: see load.ts). */
export type CheckKinds = ReadonlyMap<string, CheckKind<unknown>>;

// Reads a whole lab from parsed YAML, recording every problem instead of stopping at the first; `pick` says whose
// values its choices take.
export function readLab(
  r: FieldReader,
  value: unknown,
  file: string,
  kinds: CheckKinds,
  pick: ChoicePick = { variant: "" },
): LabDefinition {
  const raw = r.object(value, [], "a lab (a mapping at the top level)") ?? {};
  r.onlyKeys(raw, TOP_KEYS, []);
  const choices = readChoices(r, raw.choices);
  const chosen = pickChoices(choices, pick);
  const obj = fillChoices(r, raw, chosen) as Record<string, unknown>;
  const level = obj.level as LabDefinition["level"];
  if (!LEVELS.includes(level)) r.problem(["level"], `\`level\` is one of ${LEVELS.join(", ")}`);
  const seed = readSeed(r, obj.seed, ["seed"]);
  const answers = readAnswers(r, obj.answers);
  const scope: CheckScope = {
    seedNames: new Set([...Object.keys(seed.images), ...Object.keys(seed.indexes), ...Object.keys(seed.artifacts)]),
    answerKeys: new Set(Object.keys(answers)),
  };
  const tasks = r.list(obj, "tasks", []).map((t, i) => readTask(r, t, ["tasks", i], scope, kinds));
  checkTaskGraph(r, tasks);
  return {
    formatVersion: r.integer(obj, "formatVersion", [], 1, 1_000),
    number: r.integer(obj, "number", [], 1, 99),
    slug: readSlug(r, obj),
    title: r.string(obj, "title", []) ?? "",
    level,
    minutes: r.integer(obj, "minutes", [], 1, 600),
    goals: r.strings(obj, "goals", []),
    teaches: r.strings(obj, "teaches", []),
    uses: r.strings(obj, "uses", []),
    intro: r.string(obj, "intro", []) ?? "",
    debrief: r.string(obj, "debrief", []) ?? "",
    seed,
    answers,
    tasks,
    ...readEdition(r, obj),
    ...(obj.solutionAfterChecks === undefined
      ? {}
      : { solutionAfterChecks: r.integer(obj, "solutionAfterChecks", [], 1, 1_000) }),
    wrongAttempts: r.list(obj, "wrongAttempts", [], true).map((w, i) => readWrong(r, w, ["wrongAttempts", i], tasks)),
    choices,
    chosen,
    file,
  };
}

// The edition and its solution: a full edition needs one; a learner edition ships without it.
function readEdition(r: FieldReader, obj: Record<string, unknown>): Pick<LabDefinition, "edition" | "solution"> {
  if (obj.edition !== undefined && obj.edition !== "full" && obj.edition !== "learner")
    r.problem(["edition"], "`edition` is full or learner");
  if (obj.edition === "learner") {
    if (obj.solution !== undefined || obj.wrongAttempts !== undefined)
      r.problem(["edition"], "a learner edition carries no `solution` or `wrongAttempts` (make it with `labs pack`)");
    return { edition: "learner" };
  }
  return { solution: readSteps(r, obj.solution, ["solution"]) };
}

function readSlug(r: FieldReader, obj: Record<string, unknown>): string {
  const slug = r.string(obj, "slug", []) ?? "";
  if (slug && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) r.problem(["slug"], "`slug` is lower-case words joined by -");
  return slug;
}

function readAnswers(r: FieldReader, value: unknown): Record<string, AnswerSpec> {
  if (value === undefined) return {};
  const out: Record<string, AnswerSpec> = {};
  for (const [key, spec] of Object.entries(r.object(value, ["answers"]) ?? {})) {
    const path = ["answers", key];
    if (!/^[a-z][a-z0-9_-]*$/.test(key))
      r.problem(path, `answer key "${key}" must be lower-case letters, digits, _ and -`);
    const obj = r.object(spec, path) ?? {};
    r.onlyKeys(obj, ["type", "title"], path);
    const type = obj.type as AnswerSpec["type"];
    if (!ANSWER_TYPES.includes(type)) r.problem([...path, "type"], `\`type\` is one of ${ANSWER_TYPES.join(", ")}`);
    out[key] = { type, title: r.string(obj, "title", path) ?? "" };
  }
  return out;
}

function readTask(r: FieldReader, value: unknown, path: Path, scope: CheckScope, kinds: CheckKinds): TaskSpec {
  const obj = r.object(value, path) ?? {};
  r.onlyKeys(obj, ["id", "title", "text", "points", "needs", "hints", "checks"], path);
  const checks = r.list(obj, "checks", path).map((c, i) => readCheck(r, c, [...path, "checks", i], scope, kinds));
  uniqueIds(r, checks, [...path, "checks"]);
  const hints = r.strings(obj, "hints", path);
  if (hints.length === 0) r.problem([...path, "hints"], "a task needs at least one hint");
  return {
    id: r.string(obj, "id", path) ?? "",
    title: r.string(obj, "title", path) ?? "",
    text: r.string(obj, "text", path) ?? "",
    points: r.integer(obj, "points", path, 0, 1_000, 1),
    needs: r.strings(obj, "needs", path),
    hints,
    checks,
  };
}

function readCheck(r: FieldReader, value: unknown, path: Path, scope: CheckScope, kinds: CheckKinds): CheckSpec {
  const obj = r.object(value, path) ?? {};
  const id = r.string(obj, "id", path) ?? "";
  const kindName = r.string(obj, "kind", path) ?? "";
  const kind = kinds.get(kindName);
  if (kindName && !kind) {
    r.problem([...path, "kind"], `unknown check kind "${kindName}" (known: ${CHECK_KIND_NAMES.join(", ")})`);
  }
  if (obj.showExpected !== undefined && !["never", "after-pass", "always"].includes(obj.showExpected as string)) {
    r.problem([...path, "showExpected"], "`showExpected` is never, after-pass or always");
  }
  if (obj.hidden !== undefined && typeof obj.hidden !== "boolean")
    r.problem([...path, "hidden"], "`hidden` is true or false");
  for (const problem of kind?.validate(obj, scope).problems ?? []) {
    r.problem([...path, ...problem.path], problem.message);
  }
  return { ...obj, id, kind: kindName } as CheckSpec;
}

function readSteps(r: FieldReader, value: unknown, path: Path): ShellSteps {
  const obj = r.object(value, path) ?? {};
  r.onlyKeys(obj, ["run", "tools"], path);
  const tools = r.strings(obj, "tools", path, false);
  return { run: r.string(obj, "run", path) ?? "", tools };
}

function readWrong(r: FieldReader, value: unknown, path: Path, tasks: readonly TaskSpec[]): WrongAttemptSpec {
  const obj = r.object(value, path) ?? {};
  r.onlyKeys(obj, ["name", "run", "tools", "task", "check", "diagnosis", "requires"], path);
  const requires = r.strings(obj, "requires", path) as RegistryCapability[];
  requires.forEach((need, i) => {
    if (!REGISTRY_CAPABILITIES.includes(need)) {
      r.problem([...path, "requires", i], `unknown capability "${need}" (known: ${REGISTRY_CAPABILITIES.join(", ")})`);
    }
  });
  const task = r.string(obj, "task", path) ?? "";
  const check = r.string(obj, "check", path) ?? "";
  const found = tasks.find((t) => t.id === task);
  if (task && !found) r.problem([...path, "task"], `no task has the id "${task}"`);
  if (found && check && !found.checks.some((c) => c.id === check)) {
    r.problem([...path, "check"], `task "${task}" has no check "${check}"`);
  }
  const { run, tools } = readSteps(r, { run: obj.run, tools: obj.tools }, path);
  const diagnosis = r.strings(obj, "diagnosis", path, false);
  return { name: r.string(obj, "name", path) ?? "", run, tools, task, check, diagnosis, requires };
}

function uniqueIds(r: FieldReader, items: readonly { id: string }[], path: Path): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (item.id && seen.has(item.id)) r.problem([...path, i, "id"], `duplicate id "${item.id}"`);
    seen.add(item.id);
  });
}

function checkTaskGraph(r: FieldReader, tasks: readonly TaskSpec[]): void {
  uniqueIds(r, tasks, ["tasks"]);
  const earlier = new Set<string>();
  tasks.forEach((task, i) => {
    task.needs.forEach((need, j) => {
      if (!earlier.has(need)) r.problem(["tasks", i, "needs", j], `"${need}" is not an earlier task of this lab`);
    });
    earlier.add(task.id);
  });
}
