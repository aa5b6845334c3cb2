import { createHmac } from "node:crypto";
import type { FieldReader } from "./fields.js";

// Choices: values a lab varies per learner (a tag name, a platform, which image lies). A lab declares each
// choice with the values it may take; `{{choice.NAME}}` anywhere in the file, keys included, takes one
// learner's value, so the task text, hints, seed and checks always agree. A value may be a record of named
// parts (`{{choice.NAME.PART}}`) for things that must change together, such as a permutation. Shell commands
// never contain values: they read $CHOICE_NAME (or $CHOICE_NAME_PART) from the environment.

/** How a definition's choices are picked: by a learner's variant, or the same index in every list (tests). */
export type ChoicePick = { readonly variant: string } | { readonly index: number };

/** One value of a choice: a string, or a record of named strings. */
export type ChoiceValue = string | Readonly<Record<string, string>>;

const NAME = /^[a-z][a-z0-9_]*$/;
/** Characters a value may hold: enough for tags, platforms, paths and words, nothing YAML or a shell reads. */
const VALUE = /^[A-Za-z0-9][A-Za-z0-9._/ -]*$/;
const PLACEHOLDER = /\{\{\s*choice\.([a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)?)\s*\}\}/g;
/** Fields that are shell commands: a value reaches them as an environment variable only. */
const SHELL_FIELDS = new Set(["run"]);

type Path = readonly (string | number)[];

// The `choices:` mapping of a lab: each name with two or more distinct values, all strings or all records
// with the same parts.
export function readChoices(r: FieldReader, value: unknown): Record<string, readonly ChoiceValue[]> {
  if (value === undefined) return {};
  const out: Record<string, readonly ChoiceValue[]> = {};
  for (const [name, list] of Object.entries(r.object(value, ["choices"]) ?? {})) {
    const path = ["choices", name];
    if (!NAME.test(name)) r.problem(path, `choice "${name}" must be lower-case letters, digits and _`);
    if (!Array.isArray(list) || list.length < 2) {
      r.problem(path, `choice "${name}" lists two or more values, for example [v1, v2]`);
      continue;
    }
    const parts = partsOf(list[0]);
    const seen = new Set<string>();
    list.forEach((v: unknown, i) => {
      if (!validValue(v, parts)) {
        const what = parts ? `a record with the parts ${parts.join(", ")}` : "a string";
        r.problem([...path, i], `a value is ${what} of letters, digits, space, . _ / and -`);
      } else if (seen.has(JSON.stringify(v))) r.problem([...path, i], "this value is listed twice");
      seen.add(JSON.stringify(v));
    });
    out[name] = list as ChoiceValue[];
  }
  return out;
}

function partsOf(value: unknown): string[] | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? Object.keys(value).sort() : undefined;
}

function validValue(value: unknown, parts: readonly string[] | undefined): boolean {
  if (!parts) return typeof value === "string" && VALUE.test(value);
  const own = partsOf(value);
  if (!own || own.join() !== parts.join() || own.length === 0 || !own.every((p) => NAME.test(p))) return false;
  return Object.values(value as object).every((v) => typeof v === "string" && VALUE.test(v));
}

// The value of each choice (`NAME`, or `NAME.PART` for each part of a record): by index for a test run, else
// derived from the variant (the first value without one).
export function pickChoices(
  choices: Readonly<Record<string, readonly ChoiceValue[]>>,
  pick: ChoicePick,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, values] of Object.entries(choices)) {
    const value = values[choiceIndex(name, values.length, pick)] as ChoiceValue;
    if (typeof value === "string") out[name] = value;
    else for (const [part, text] of Object.entries(value)) out[`${name}.${part}`] = text;
  }
  return out;
}

function choiceIndex(name: string, count: number, pick: ChoicePick): number {
  if ("index" in pick) return pick.index % count;
  if (!pick.variant) return 0;
  return createHmac("sha256", pick.variant).update(`choice\n${name}`).digest().readUInt32BE(0) % count;
}

// How many runs cover every value of every choice (the longest list), so `labs test` and `labs validate` try each.
export function choiceRuns(choices: Readonly<Record<string, readonly ChoiceValue[]>>): number {
  return Math.max(1, ...Object.values(choices).map((values) => values.length));
}

// The lab's YAML value with every `{{choice.NAME}}` filled, in values and keys; an undeclared name, a placeholder
// in a shell command, two keys that become one, and a declared choice used nowhere are problems.
export function fillChoices(r: FieldReader, lab: Record<string, unknown>, chosen: Record<string, string>): unknown {
  const used = new Set<string>();
  const fill = (value: unknown, path: Path): unknown => {
    if (typeof value === "string") return fillString(r, value, path, chosen, used);
    if (Array.isArray(value)) return value.map((item, i) => fill(item, [...path, i]));
    if (typeof value !== "object" || value === null) return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const filled = fillString(r, key, [...path, key], chosen, used);
      if (filled in out) r.problem([...path, key], `two keys become "${filled}" with these choices`);
      out[filled] = fill(item, [...path, key]);
    }
    return out;
  };
  const filled = Object.fromEntries(
    Object.entries(lab).map(([key, item]) => [key, key === "choices" ? item : fill(item, [key])]),
  );
  const declared = new Set(Object.keys(chosen).map((key) => key.split(".")[0] as string));
  for (const name of declared) {
    if (![...used].some((u) => u === name || u.startsWith(`${name}.`)))
      r.problem(["choices", name], `choice "${name}" is never used: write {{choice.${name}}}`);
  }
  return filled;
}

function fillString(r: FieldReader, text: string, path: Path, chosen: Record<string, string>, used: Set<string>) {
  const shell = SHELL_FIELDS.has(String(path.at(-1)));
  const id = path[0] === "tasks" && path.at(-1) === "id";
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
    if (id) {
      r.problem(path, "task and check ids name gradebook columns: keep them the same for every learner");
      return whole;
    }
    return value;
  });
}

// The environment variable a shell step or shell check reads a choice from: CHOICE_<NAME>, CHOICE_<NAME>_<PART>.
export function choiceVariable(name: string): string {
  return `CHOICE_${name.replace(".", "_").toUpperCase()}`;
}
