import { readFile } from "node:fs/promises";
import { LineCounter, parse, parseDocument } from "yaml";
import { loadCheckKinds } from "../../grader/checks/catalog.js";
import { LAB_FORMAT_VERSION, type LabDefinition } from "../../grader/lab/types.js";
import { LabsError } from "../errors.js";
import { FieldReader } from "./fields.js";
import { excerptAt, type LabFileProblem, locate } from "./problem.js";
import { type CheckKinds, readLab } from "./read-lab.js";

/** A loaded lab, or every problem found in its file. */
export type LoadResult = { readonly lab: LabDefinition } | { readonly problems: readonly LabFileProblem[] };

// Loads and validates a lab file; YAML syntax, structure and meaning are all reported at once. Only the check
// kinds the lab uses are loaded.
export async function loadLabFile(file: string): Promise<LoadResult> {
  const source = await readFile(file, "utf8");
  return loadLabText(file, source, await loadCheckKinds(checkKindsIn(source)));
}

// The `kind` of every check in a lab's text (best effort: problems are reported by loadLabText).
function checkKindsIn(source: string): string[] {
  const value = parse(source, { uniqueKeys: false, maxAliasCount: 100 }) as {
    tasks?: { checks?: { kind?: unknown }[] }[];
  } | null;
  const tasks = Array.isArray(value?.tasks) ? value.tasks : [];
  return tasks
    .flatMap((t) => (Array.isArray(t?.checks) ? t.checks : []))
    .flatMap((c) => (typeof c?.kind === "string" ? [c.kind] : []));
}

// Same as loadLabFile, from text already read, validating checks with the given kinds.
export function loadLabText(file: string, source: string, kinds: CheckKinds): LoadResult {
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
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
  const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  const version = (value as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === "number" && version > LAB_FORMAT_VERSION) {
    throw new LabsError(
      "LAB_FORMAT_TOO_NEW",
      `${file} uses lab format ${version}; this labs reads format ${LAB_FORMAT_VERSION}.`,
      "Update labs (`npm install -g oci-labs@latest`, or `git pull && npm ci` in a checkout).",
    );
  }
  const reader = new FieldReader();
  const lab = readLab(reader, value, file, kinds);
  if (reader.problems.length > 0) {
    return { problems: reader.problems.map((p) => locate(file, source, doc, counter, p.path, p.message)) };
  }
  return { lab };
}
