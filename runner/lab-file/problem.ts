import type { Document, LineCounter } from "yaml";
import { isNode } from "yaml";

/** A problem in a lab file, located as file:line:col with an excerpt. */
export interface LabFileProblem {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly excerpt: string;
}

// Locates a path in the YAML document (the deepest node that exists on it) and builds the problem.
export function locate(
  file: string,
  source: string,
  doc: Document,
  counter: LineCounter,
  path: readonly (string | number)[],
  message: string,
): LabFileProblem {
  const offset = offsetOf(doc, path);
  const { line, col } = offset === undefined ? { line: 1, col: 1 } : counter.linePos(offset);
  return { file, line, col, path, message, excerpt: excerptAt(source, line, col) };
}

function offsetOf(doc: Document, path: readonly (string | number)[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    // A mapping key points at the key itself (`minutse:` rather than its value).
    const key = depth > 0 ? keyNodeOffset(doc, path.slice(0, depth)) : undefined;
    if (key !== undefined) return key;
    const node = doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return undefined;
}

function keyNodeOffset(doc: Document, path: readonly (string | number)[]): number | undefined {
  const parent = doc.getIn(path.slice(0, -1), true) as { items?: { key?: unknown }[] } | undefined;
  const last = path[path.length - 1];
  const pair = parent?.items?.find((item) => isNode(item.key) && (item.key as { value?: unknown }).value === last);
  const key = pair?.key;
  return isNode(key) && key.range ? key.range[0] : undefined;
}

// A source line with a caret under the column.
export function excerptAt(source: string, line: number, col: number): string {
  const text = source.split(/\r?\n/)[line - 1] ?? "";
  return `${String(line).padStart(4)} | ${text}\n     | ${" ".repeat(Math.max(0, col - 1))}^`;
}

// `labs/09/lab.yaml:12:5: message` followed by the excerpt.
export function formatProblem(problem: LabFileProblem): string {
  return `${problem.file}:${problem.line}:${problem.col}: ${problem.message}\n${problem.excerpt}`;
}
