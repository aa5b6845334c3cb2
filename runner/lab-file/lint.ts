import { readFile } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { type Document, LineCounter, parseDocument } from "yaml";
import { CHECKS } from "../../grader/checks/index.js";
import { LabsError } from "../errors.js";
import { type ConceptLab, type ConceptTag, closest, conceptFindings } from "./concepts.js";
import { loadEveryChoice } from "./load.js";
import { type LabFileProblem, locate } from "./problem.js";

// `labs validate`: loads every lab file (schema, ids, references, hints, solution) and adds the rules that need
// more than one file or more than the loader knows: numbers and slugs unique, folder named `NN-slug`, at least
// one wrong attempt, known tools, no TODO left from `labs new`, concepts taught before they are used.

/** Tools `tools:` may name: the container tools a self-test checks for before running steps. */
export const KNOWN_TOOLS: readonly string[] = [
  "skopeo",
  "buildah",
  "podman",
  "docker",
  "curl",
  "jq",
  "umoci",
  "crane",
  "regctl",
  "oras",
];

/** What `labs validate` checks, in the words it reports. */
export const CHECKED: readonly string[] = [
  ...["schema", "ids", "references", "hints", "solutions", "wrong attempts", "tools"],
  ...["folder names", "unique numbers and slugs", "concept order", "no TODO left"],
];

/** A lab file: where it is, how to name it in messages, and whether to report its problems (or only read it). */
export interface LabSource {
  readonly path: string;
  readonly name: string;
  readonly target: boolean;
}

/** Every problem (exit 2) and warning (reported, exit 0) of the target files, located as file:line:col. */
export interface ValidationResult {
  readonly files: readonly string[];
  readonly problems: readonly LabFileProblem[];
  readonly warnings: readonly LabFileProblem[];
}

interface ParsedLab {
  readonly source: LabSource;
  readonly text: string;
  readonly doc: Document;
  readonly counter: LineCounter;
  readonly value: Record<string, unknown>;
  readonly loadProblems: readonly LabFileProblem[];
  /** Whether the rules below the loader can read it (YAML parsed, format not newer than this labs). */
  readonly lintable: boolean;
}

interface Finding {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly severity: "problem" | "warning";
}

// Validates the target labs, reading the other sources only as context for the cross-lab rules.
export async function validateLabFiles(sources: readonly LabSource[]): Promise<ValidationResult> {
  const labs = await Promise.all(sources.map(parseLab));
  const readable = labs.filter((l) => l.lintable);
  const concepts = readable.map(conceptLab);
  const targets = labs.filter((l) => l.source.target);
  const problems: LabFileProblem[] = [];
  const warnings: LabFileProblem[] = [];
  for (const lab of targets) {
    const findings = lab.lintable ? lintLab(lab, readable, concepts) : [];
    const at = (f: Finding) => locate(lab.source.name, lab.text, lab.doc, lab.counter, f.path, f.message);
    problems.push(...byPosition([...lab.loadProblems, ...findings.filter((f) => f.severity === "problem").map(at)]));
    warnings.push(...byPosition(findings.filter((f) => f.severity === "warning").map(at)));
  }
  return { files: targets.map((l) => l.source.name), problems, warnings };
}

async function parseLab(source: LabSource): Promise<ParsedLab> {
  const read = await readFile(source.path, "utf8").catch((error: NodeJS.ErrnoException) => error);
  const text = typeof read === "string" ? read : "";
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const raw = doc.errors.length === 0 ? (doc.toJS({ maxAliasCount: 100 }) as unknown) : undefined;
  const parsed = { source, text, doc, counter, value: isMapping(raw) ? raw : {} };
  if (typeof read !== "string") {
    const message = `cannot read this file (${read.code ?? read.message}): every lab folder holds a lab.yaml.`;
    return {
      ...parsed,
      loadProblems: [{ file: source.name, line: 1, col: 1, path: [], message, excerpt: "" }],
      lintable: false,
    };
  }
  try {
    const loaded = loadEveryChoice(source.name, text, CHECKS);
    return { ...parsed, loadProblems: "problems" in loaded ? loaded.problems : [], lintable: doc.errors.length === 0 };
  } catch (error) {
    if (!(error instanceof LabsError) || error.code !== "LAB_FORMAT_TOO_NEW") throw error;
    const message = `${error.message} ${error.hint ?? ""}`.trim();
    return {
      ...parsed,
      loadProblems: [locate(source.name, text, doc, counter, ["formatVersion"], message)],
      lintable: false,
    };
  }
}

function lintLab(lab: ParsedLab, all: readonly ParsedLab[], concepts: readonly ConceptLab[]): Finding[] {
  const self = concepts.find((c) => c.file === lab.source.path) ?? conceptLab(lab);
  return [
    ...folderName(lab),
    ...unique(lab, all, "number"),
    ...unique(lab, all, "slug"),
    ...wrongAttempts(lab),
    ...tools(lab),
    ...todos(lab.value, []),
    ...conceptFindings(concepts, self),
  ];
}

function folderName(lab: ParsedLab): Finding[] {
  const { number, slug } = lab.value;
  const findings: Finding[] = [];
  if (basename(lab.source.path) !== "lab.yaml") {
    findings.push(problem([], "`labs` reads a file named `lab.yaml` in the lab's folder: rename this file."));
  }
  if (typeof number !== "number" || typeof slug !== "string") return findings;
  const folder = basename(dirname(lab.source.path));
  const expected = `${String(number).padStart(2, "0")}-${slug}`;
  if (folder !== expected) {
    const at = folder.startsWith(expected.slice(0, 3)) ? "slug" : "number";
    findings.push(
      problem(
        [at],
        `the folder is \`${folder}\` but \`number\` and \`slug\` say \`${expected}\`: rename the folder or fix \`${at}\`.`,
      ),
    );
  }
  return findings;
}

function unique(lab: ParsedLab, all: readonly ParsedLab[], key: "number" | "slug"): Finding[] {
  const value = lab.value[key];
  if (value === undefined) return [];
  const others = all.filter((o) => o !== lab && o.value[key] === value).map((o) => o.source.name);
  if (others.length === 0) return [];
  return [
    problem(
      [key],
      `${key} ${JSON.stringify(value)} is also used by ${others.join(", ")}: each lab needs its own ${key}.`,
    ),
  ];
}

function wrongAttempts(lab: ParsedLab): Finding[] {
  const list = lab.value.wrongAttempts;
  if ((Array.isArray(list) && list.length > 0) || lab.value.edition === "learner") return [];
  const message =
    "a lab needs at least one wrong attempt: a mistake learners make, and words the diagnosis must contain.";
  return [problem(list === undefined ? [] : ["wrongAttempts"], message)];
}

function tools(lab: ParsedLab): Finding[] {
  const wrong: unknown[] = Array.isArray(lab.value.wrongAttempts) ? lab.value.wrongAttempts : [];
  const steps = [
    { path: ["solution"], value: lab.value.solution },
    ...wrong.map((value, i) => ({ path: ["wrongAttempts", i], value })),
  ];
  return steps.flatMap(({ path, value }) => {
    const list = isMapping(value) && Array.isArray(value.tools) ? value.tools : [];
    return list.flatMap((tool, j) => {
      if (typeof tool !== "string" || KNOWN_TOOLS.includes(tool)) return [];
      const near = closest(tool, KNOWN_TOOLS);
      const suggestion = near ? ` (did you mean \`${near}\`?)` : "";
      return [
        problem(
          [...path, "tools", j],
          `unknown tool \`${tool}\`${suggestion}; \`tools\` names tools from: ${KNOWN_TOOLS.join(", ")}.`,
        ),
      ];
    });
  });
}

// Every string value still holding a TODO placeholder (as `labs new` writes them).
function todos(value: unknown, path: readonly (string | number)[]): Finding[] {
  if (typeof value === "string") {
    return /\bTODO\b/.test(value)
      ? [problem(path, "replace this TODO placeholder (from `labs new`) with the lab's own text.")]
      : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => todos(v, [...path, i]));
  if (isMapping(value)) return Object.entries(value).flatMap(([k, v]) => todos(v, [...path, k]));
  return [];
}

function conceptLab(lab: ParsedLab): ConceptLab {
  const { number } = lab.value;
  const valid = typeof number === "number" && Number.isInteger(number) ? number : undefined;
  return { file: lab.source.path, number: valid, teaches: conceptTags(lab, "teaches"), uses: conceptTags(lab, "uses") };
}

function conceptTags(lab: ParsedLab, key: "teaches" | "uses"): ConceptTag[] {
  const list = lab.value[key];
  if (!Array.isArray(list)) return [];
  return list.flatMap((name, i) => (typeof name === "string" ? [{ name, path: [key, i] }] : []));
}

function problem(path: readonly (string | number)[], message: string): Finding {
  return { path, message, severity: "problem" };
}

function byPosition(problems: readonly LabFileProblem[]): LabFileProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.col - b.col);
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
