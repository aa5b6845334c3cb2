import { readFile } from "node:fs/promises";
import { type Document, LineCounter, parse, parseDocument } from "yaml";
import { loadCheckKinds } from "../../grader/checks/catalog.js";
import { LAB_FORMAT_VERSION, type LabDefinition } from "../../grader/lab/types.js";
import { LabsError } from "../errors.js";
import { type ChoicePick, choiceRuns, pickChoices, readChoices } from "./choices.js";
import { FieldReader } from "./fields.js";
import { excerptAt, type LabFileProblem, locate } from "./problem.js";
import { type CheckKinds, readLab } from "./read-lab.js";

/** A loaded lab, or every problem found in its file. */
export type LoadResult = { readonly lab: LabDefinition } | { readonly problems: readonly LabFileProblem[] };

// Loads and validates a lab file, its choices picked by `pick`; YAML syntax, structure and meaning are all
// reported at once. Only the check kinds the lab uses are loaded.
export async function loadLabFile(file: string, pick?: ChoicePick): Promise<LoadResult> {
  const source = await readFile(file, "utf8");
  return loadLabText(file, source, await loadCheckKinds(checkKindsIn(file, source)), pick);
}

// Loads lab text once per value of its longest choice, so every value a learner may get is validated; the first
// definition is returned, or the problems of all of them (each naming the values it appeared with).
export function loadEveryChoice(file: string, source: string, kinds: CheckKinds): LoadResult {
  const first = loadLabText(file, source, kinds, { index: 0 });
  if (!("lab" in first)) return first;
  const problems = new Map<string, LabFileProblem>();
  for (let index = 1; index < choiceRuns(first.lab.choices); index++) {
    const other = loadLabText(file, source, kinds, { index });
    const values = Object.entries(pickChoices(first.lab.choices, { index })).map(([name, value]) => `${name}=${value}`);
    for (const p of "problems" in other ? other.problems : []) {
      problems.set(`${p.line}:${p.col}:${p.message}`, { ...p, message: `${p.message} (with ${values.join(", ")})` });
    }
  }
  return problems.size === 0 ? first : { problems: [...problems.values()] };
}

// The `kind` of every check in a lab's text (best effort: problems are reported by loadLabText).
function checkKindsIn(file: string, source: string): string[] {
  let value: { tasks?: { checks?: { kind?: unknown }[] }[] } | null;
  try {
    value = (parsedYaml(file, source).value ??
      parse(source, { uniqueKeys: false, maxAliasCount: 100 })) as typeof value;
  } catch {
    return []; // a syntax error: loadLabText reports it where it is
  }
  const tasks = Array.isArray(value?.tasks) ? value.tasks : [];
  return tasks
    .flatMap((t) => (Array.isArray(t?.checks) ? t.checks : []))
    .flatMap((c) => (typeof c?.kind === "string" ? [c.kind] : []));
}

// Same as loadLabFile, from text already read, validating checks with the given kinds.
export function loadLabText(file: string, source: string, kinds: CheckKinds, pick?: ChoicePick): LoadResult {
  const { doc, counter } = parsedYaml(file, source);
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => {
        const { line, col } = counter.linePos(e.pos[0]);
        return {
          file,
          line,
          col,
          path: [],
          message: `YAML: ${e.message.split("\n")[0]}`,
          excerpt: excerptAt(source, line, col),
        };
      }),
    };
  }
  const value = parsedYaml(file, source).value;
  const version = (value as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === "number" && version > LAB_FORMAT_VERSION) {
    throw new LabsError(
      "LAB_FORMAT_TOO_NEW",
      `${file} uses lab format ${version}; this labs reads format ${LAB_FORMAT_VERSION}.`,
      "Update labs (`npm install -g oci-labs@latest`, or `git pull && npm ci` in a checkout).",
    );
  }
  // Learners with the same values of every choice get the same definition: read it once.
  const key = definitionKey(value, kinds, pick);
  const definitions = parsedYaml(file, source).definitions;
  const known = key === undefined ? undefined : definitions.get(key);
  if (known) return known;
  const reader = new FieldReader();
  const lab = readLab(reader, value, file, kinds, pick);
  const result: LoadResult =
    reader.problems.length > 0
      ? { problems: reader.problems.map((p) => locate(file, source, doc, counter, p.path, p.message)) }
      : { lab };
  if (key !== undefined) definitions.set(key, result);
  return result;
}

// What a definition depends on besides the text: the check kinds and the value each choice takes.
function definitionKey(value: unknown, kinds: CheckKinds, pick: ChoicePick = { variant: "" }): string | undefined {
  const reader = new FieldReader();
  const choices = readChoices(reader, (value as { choices?: unknown } | null)?.choices);
  if (reader.problems.length > 0) return undefined;
  return `${[...kinds.keys()].join()}\0${JSON.stringify(pickChoices(choices, pick))}`;
}

/** The last YAML parse of each file, and its definitions: grading a course loads one lab for many learners. */
interface ParsedLabFile {
  readonly source: string;
  readonly doc: Document;
  readonly counter: LineCounter;
  readonly value: unknown;
  readonly definitions: Map<string, LoadResult>;
}

const parses = new Map<string, ParsedLabFile>();

function parsedYaml(file: string, source: string): ParsedLabFile {
  const known = parses.get(file);
  if (known?.source === source) return known;
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const value = doc.errors.length === 0 ? (doc.toJS({ maxAliasCount: 100 }) as unknown) : undefined;
  const parsed = { source, doc, counter, value, definitions: new Map<string, LoadResult>() };
  parses.set(file, parsed);
  return parsed;
}
