import { createHmac } from "node:crypto";
import type { FieldReader } from "./fields.js";

// Choices: values a lab varies per learner (a tag name, a platform, which image lies). A lab declares each
// choice with the values it may take; `{{choice.NAME}}` anywhere in the file takes one learner's value, so the
// task text, hints, seed and checks always agree. Shell commands never contain values: they read $CHOICE_NAME.

/** How a definition's choices are picked: by a learner's variant, or the same index in every list (tests). */
export type ChoicePick = { readonly variant: string } | { readonly index: number };

const NAME = /^[a-z][a-z0-9_]*$/;
/** Characters a value may hold: enough for tags, platforms, paths and words, nothing YAML or a shell reads. */
const VALUE = /^[A-Za-z0-9][A-Za-z0-9._/ -]*$/;
const PLACEHOLDER = /\{\{\s*choice\.([a-z][a-z0-9_]*)\s*\}\}/g;
/** Fields that are shell commands: a value reaches them as an environment variable only. */
const SHELL_FIELDS = new Set(["run"]);

type Path = readonly (string | number)[];

// The `choices:` mapping of a lab: each name with two or more distinct values.
export function readChoices(r: FieldReader, value: unknown): Record<string, readonly string[]> {
  if (value === undefined) return {};
  const out: Record<string, readonly string[]> = {};
  for (const [name, list] of Object.entries(r.object(value, ["choices"]) ?? {})) {
    const path = ["choices", name];
    if (!NAME.test(name)) r.problem(path, `choice "${name}" must be lower-case letters, digits and _`);
    if (!Array.isArray(list) || list.length < 2) {
      r.problem(path, `choice "${name}" lists two or more values, for example [v1, v2]`);
      continue;
    }
    list.forEach((v, i) => {
      if (typeof v !== "string" || !VALUE.test(v))
        r.problem([...path, i], "a value is a string of letters, digits, space, . _ / and -");
      else if (list.indexOf(v) !== i) r.problem([...path, i], `"${v}" is listed twice`);
    });
    out[name] = list.map(String);
  }
  return out;
}

// The value of each choice: by index for a test run, else derived from the variant (the first value without one).
export function pickChoices(
  choices: Readonly<Record<string, readonly string[]>>,
  pick: ChoicePick,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, values] of Object.entries(choices)) {
    out[name] = values[choiceIndex(name, values.length, pick)] as string;
  }
  return out;
}

function choiceIndex(name: string, count: number, pick: ChoicePick): number {
  if ("index" in pick) return pick.index % count;
  if (!pick.variant) return 0;
  return createHmac("sha256", pick.variant).update(`choice\n${name}`).digest().readUInt32BE(0) % count;
}

// How many runs cover every value of every choice (the longest list), so `labs test` and `labs validate` try each.
export function choiceRuns(choices: Readonly<Record<string, readonly string[]>>): number {
  return Math.max(1, ...Object.values(choices).map((values) => values.length));
}

// The lab's YAML value with every `{{choice.NAME}}` filled; an undeclared name, a placeholder in a shell command
// and a declared choice used nowhere are problems.
export function fillChoices(r: FieldReader, lab: Record<string, unknown>, chosen: Record<string, string>): unknown {
  const used = new Set<string>();
  const fill = (value: unknown, path: Path): unknown => {
    if (typeof value === "string") return fillString(r, value, path, chosen, used);
    if (Array.isArray(value)) return value.map((item, i) => fill(item, [...path, i]));
    if (typeof value !== "object" || value === null) return value;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fill(item, [...path, key])]));
  };
  const filled = Object.fromEntries(
    Object.entries(lab).map(([key, item]) => [key, key === "choices" ? item : fill(item, [key])]),
  );
  for (const name of Object.keys(chosen)) {
    if (!used.has(name)) r.problem(["choices", name], `choice "${name}" is never used: write {{choice.${name}}}`);
  }
  return filled;
}

function fillString(r: FieldReader, text: string, path: Path, chosen: Record<string, string>, used: Set<string>) {
  const shell = SHELL_FIELDS.has(String(path.at(-1)));
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    used.add(name);
    const value = chosen[name];
    if (value === undefined) {
      r.problem(path, `{{choice.${name}}} names no choice (declare it under \`choices:\`)`);
      return whole;
    }
    if (shell) {
      r.problem(path, `a shell command reads a choice as $${choiceVariable(name)}, not {{choice.${name}}}`);
      return whole;
    }
    return value;
  });
}

// The environment variable a shell step or shell check reads a choice from: CHOICE_<NAME>.
export function choiceVariable(name: string): string {
  return `CHOICE_${name.toUpperCase()}`;
}
