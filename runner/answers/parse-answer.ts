import type { AnswerValue } from "../../grader/checks/inputs.js";
import type { AnswerSpec } from "../../grader/lab/types.js";
import { parseDigest } from "../../grader/oci/digest.js";
import { usageError } from "../errors.js";

// Parses what a learner typed for an answer of a declared type; a malformed value is refused at once.
export function parseAnswer(key: string, spec: AnswerSpec, text: string): AnswerValue {
  switch (spec.type) {
    case "digest":
      return parseDigestAnswer(key, text);
    case "number":
      return parseNumberAnswer(key, text);
    case "string":
      return text;
    case "set":
      return parseSetAnswer(text);
    case "map":
      return parseMapAnswer(key, text);
  }
}

function parseDigestAnswer(key: string, text: string): string {
  const trimmed = text.trim();
  try {
    return parseDigest(trimmed);
  } catch (error) {
    const hint = /^[0-9a-f]{64}$/.test(trimmed)
      ? `Add the algorithm: \`labs answer … ${key} sha256:${trimmed}\`.`
      : "A digest looks like sha256: followed by 64 lower-case hex characters.";
    throw usageError(
      `"${trimmed}" is not a digest: ${(error as Error).message.replace(/^invalid digest "[^"]*": /, "")}.`,
      hint,
    );
  }
}

function parseNumberAnswer(key: string, text: string): number {
  const value = Number(text.trim());
  if (text.trim() === "" || !Number.isFinite(value)) throw usageError(`"${text}" is not a number (answer ${key}).`);
  return value;
}

// A set: a JSON array of strings, or comma-separated words; order and repeats do not matter.
function parseSetAnswer(text: string): string[] {
  const trimmed = text.trim();
  const items = trimmed.startsWith("[") ? jsonStrings(trimmed) : trimmed.split(",").map((s) => s.trim());
  return [...new Set(items.filter((s) => s.length > 0))].sort();
}

// A map: a JSON object of strings, or `key=value,key=value`.
function parseMapAnswer(key: string, text: string): Record<string, string> {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    const value = JSON.parse(trimmed) as unknown;
    if (
      typeof value !== "object" ||
      value === null ||
      Array.isArray(value) ||
      Object.values(value).some((v) => typeof v !== "string")
    ) {
      throw usageError(`answer ${key} must be an object of strings, such as {"linux/amd64":"sha256:…"}.`);
    }
    return value as Record<string, string>;
  }
  const entries = trimmed.split(",").map((pair) => pair.split("=").map((s) => s.trim()));
  if (entries.some((e) => e.length !== 2 || !e[0]))
    throw usageError(`answer ${key} is key=value pairs separated by commas.`);
  return Object.fromEntries(entries as [string, string][]);
}

function jsonStrings(text: string): string[] {
  const value = JSON.parse(text) as unknown;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string"))
    throw usageError("a set is a JSON list of strings.");
  return value as string[];
}
