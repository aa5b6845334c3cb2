import { formatPlatform, normalizePlatform, parsePlatform } from "../oci/platform.js";
import type { AnswerValue } from "./inputs.js";

// Comparing a learner's answer with the computed value. Items are normalised by kind (platforms as containerd
// does: arm64 = arm64/v8; paths without a leading `/` or `./`), sets ignore order unless the check says
// `ordered`, tokens (true, false, null, cause names) ignore case. Nothing here puts a value into a message.

/** What kind of strings a list or map holds, for normalisation. */
export type ItemKind = "digest" | "platform" | "path" | "string";

/** The computed value an answer must equal. */
export type Expected =
  | { readonly type: "digest"; readonly value: string }
  | { readonly type: "string"; readonly value: string }
  | { readonly type: "token"; readonly value: string }
  | { readonly type: "number"; readonly value: number }
  | { readonly type: "list"; readonly value: readonly string[]; readonly item: ItemKind }
  | {
      readonly type: "map";
      readonly value: Readonly<Record<string, string>>;
      readonly key: ItemKind;
      readonly item: ItemKind;
    };

/** The outcome of a comparison: right or not, and for lists what is right, extra or missing (counts only). */
export interface Comparison {
  readonly ok: boolean;
  /** The answer has the wrong shape: what it is instead. */
  readonly wrongType?: string;
  readonly right?: number;
  readonly extra?: readonly string[];
  readonly missing?: number;
  /** The same items in another order (ordered lists only). */
  readonly reordered?: boolean;
}

const SHAPES: Readonly<Record<Expected["type"], string>> = {
  digest: "a digest",
  string: "a text",
  token: "a word",
  number: "a number",
  list: "a list",
  map: "a map of keys to values",
};

// The shape an expected value asks for: "a digest", "a list", ….
export function describeShape(expected: Expected): string {
  return SHAPES[expected.type];
}

// Normalises one item of a list or map.
export function normalizeItem(kind: ItemKind, value: string): string {
  const text = value.trim();
  if (kind === "path") return text.replace(/^(?:\.?\/)+/, "").replace(/\/+$/, "");
  if (kind !== "platform") return text;
  try {
    return formatPlatform(normalizePlatform(parsePlatform(text)));
  } catch {
    return text.toLowerCase();
  }
}

// Compares `answer` with `expected`.
export function compareAnswer(expected: Expected, answer: AnswerValue, ordered: boolean): Comparison {
  switch (expected.type) {
    case "digest":
    case "string":
      return typeof answer === "string" ? { ok: answer === expected.value } : wrong(answer);
    case "token":
      return typeof answer === "string" || typeof answer === "number"
        ? { ok: String(answer).trim().toLowerCase() === expected.value.toLowerCase() }
        : wrong(answer);
    case "number": {
      const n =
        typeof answer === "number"
          ? answer
          : typeof answer === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(answer)
            ? Number(answer)
            : undefined;
      return n === undefined ? wrong(answer) : { ok: n === expected.value };
    }
    case "list":
      return Array.isArray(answer) ? compareList(expected.value, answer, expected.item, ordered) : wrong(answer);
    case "map":
      return isMap(answer) ? compareMap(expected, answer) : wrong(answer);
  }
}

function compareList(
  expected: readonly string[],
  answer: readonly string[],
  item: ItemKind,
  ordered: boolean,
): Comparison {
  const want = expected.map((e) => normalizeItem(item, e));
  const got = answer.map((a) => normalizeItem(item, a));
  const wantSet = new Set(want);
  const right = new Set(got.filter((g) => wantSet.has(g))).size;
  const extra = [...new Set(got.filter((g) => !wantSet.has(g)))];
  const missing = wantSet.size - right;
  const sameSet = extra.length === 0 && missing === 0 && new Set(got).size === got.length && got.length === want.length;
  const inOrder = want.every((w, i) => got[i] === w);
  return { ok: sameSet && (!ordered || inOrder), right, extra, missing, reordered: ordered && sameSet && !inOrder };
}

function compareMap(
  expected: Extract<Expected, { type: "map" }>,
  answer: Readonly<Record<string, string>>,
): Comparison {
  const norm = (m: Readonly<Record<string, string>>) =>
    new Map(Object.entries(m).map(([k, v]) => [normalizeItem(expected.key, k), normalizeItem(expected.item, v)]));
  const want = norm(expected.value);
  const got = norm(answer);
  const right = [...got].filter(([k, v]) => want.get(k) === v).length;
  const extra = [...got.keys()].filter((k) => !want.has(k));
  const missing = [...want.keys()].filter((k) => got.get(k) !== want.get(k)).length;
  return { ok: right === want.size && got.size === want.size, right, extra, missing };
}

function isMap(answer: AnswerValue): answer is Readonly<Record<string, string>> {
  return typeof answer === "object" && !Array.isArray(answer);
}

function wrong(answer: AnswerValue): Comparison {
  const shape = Array.isArray(answer)
    ? "a list"
    : typeof answer === "object"
      ? "a map"
      : typeof answer === "number"
        ? "a number"
        : "a text";
  return { ok: false, wrongType: shape };
}
