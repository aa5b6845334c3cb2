import { OciFormatError } from "./format-error.js";
import { formatJsonPath } from "./json-path.js";

// A hand-written RFC 8259 parser that rejects what JSON.parse lets through silently: duplicate keys (the last one
// wins in JSON.parse, the first one in some Go decoders, so two readers can see different manifests), invalid
// UTF-8 and unbounded nesting.

/** A parsed JSON value. Objects are plain objects whose keys are own properties (even `__proto__`). */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Options of parseStrictJson. */
export interface StrictJsonOptions {
  /** Deepest allowed nesting of arrays and objects (default 64). */
  readonly maxDepth?: number;
}

export const DEFAULT_MAX_JSON_DEPTH = 64;

interface Cursor {
  readonly text: string;
  pos: number;
  readonly maxDepth: number;
  readonly path: (string | number)[];
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const PLAIN_CHARS = /[^"\\\u0000-\u001f]*/y;
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

// Parses one JSON document; throws OciFormatError (INVALID_UTF8, INVALID_JSON, DUPLICATE_KEY, TOO_DEEP).
export function parseStrictJson(input: string | Uint8Array, options: StrictJsonOptions = {}): JsonValue {
  const text = typeof input === "string" ? input : decodeUtf8(input);
  const cursor: Cursor = { text, pos: 0, maxDepth: options.maxDepth ?? DEFAULT_MAX_JSON_DEPTH, path: [] };
  const value = parseValue(cursor, 0);
  skipWhitespace(cursor);
  if (cursor.pos < text.length) throw syntaxError(cursor, "unexpected data after the JSON value");
  return value;
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch (error) {
    throw new OciFormatError("INVALID_UTF8", "the document is not valid UTF-8", "", undefined, { cause: error });
  }
}

function byteOffset(cursor: Cursor, pos = cursor.pos): number {
  return Buffer.byteLength(cursor.text.slice(0, pos), "utf8");
}

function syntaxError(cursor: Cursor, reason: string, pos = cursor.pos): OciFormatError {
  return new OciFormatError("INVALID_JSON", reason, formatJsonPath(cursor.path), byteOffset(cursor, pos));
}

function unexpected(cursor: Cursor): OciFormatError {
  const char = cursor.text[cursor.pos];
  return syntaxError(
    cursor,
    char === undefined ? "unexpected end of input" : `unexpected character ${JSON.stringify(char)}`,
  );
}

function skipWhitespace(cursor: Cursor): void {
  const { text } = cursor;
  let c = text.charCodeAt(cursor.pos);
  while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++cursor.pos);
}

function parseValue(cursor: Cursor, depth: number): JsonValue {
  skipWhitespace(cursor);
  const c = cursor.text[cursor.pos];
  if (c === "{") return parseObject(cursor, enter(cursor, depth));
  if (c === "[") return parseArray(cursor, enter(cursor, depth));
  if (c === '"') return parseString(cursor);
  if (c === "t") return parseLiteral(cursor, "true", true);
  if (c === "f") return parseLiteral(cursor, "false", false);
  if (c === "n") return parseLiteral(cursor, "null", null);
  if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return parseNumber(cursor);
  throw unexpected(cursor);
}

function enter(cursor: Cursor, depth: number): number {
  if (depth + 1 > cursor.maxDepth) {
    const path = formatJsonPath(cursor.path);
    throw new OciFormatError("TOO_DEEP", `nesting is deeper than ${cursor.maxDepth} levels`, path, byteOffset(cursor));
  }
  return depth + 1;
}

function parseLiteral<T extends JsonValue>(cursor: Cursor, word: string, value: T): T {
  if (!cursor.text.startsWith(word, cursor.pos)) throw unexpected(cursor);
  cursor.pos += word.length;
  return value;
}

function parseNumber(cursor: Cursor): number {
  NUMBER.lastIndex = cursor.pos;
  const match = NUMBER.exec(cursor.text);
  if (!match) throw syntaxError(cursor, "invalid number");
  const value = Number(match[0]);
  if (!Number.isFinite(value)) throw syntaxError(cursor, `number ${match[0].slice(0, 40)} is out of range`);
  cursor.pos += match[0].length;
  return value;
}

function parseString(cursor: Cursor): string {
  const { text } = cursor;
  let result = "";
  cursor.pos++;
  for (;;) {
    PLAIN_CHARS.lastIndex = cursor.pos;
    const run = PLAIN_CHARS.exec(text)?.[0] ?? "";
    result += run;
    cursor.pos += run.length;
    const c = text[cursor.pos];
    if (c === '"') {
      cursor.pos++;
      return result;
    }
    if (c !== "\\") throw c === undefined ? syntaxError(cursor, "unterminated string") : unexpected(cursor);
    result += parseEscape(cursor);
  }
}

function parseEscape(cursor: Cursor): string {
  const c = cursor.text[cursor.pos + 1];
  if (c === "u") {
    const hex = cursor.text.slice(cursor.pos + 2, cursor.pos + 6);
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw syntaxError(cursor, "invalid \\u escape");
    cursor.pos += 6;
    return String.fromCharCode(Number.parseInt(hex, 16));
  }
  const escaped = c === undefined ? undefined : ESCAPES[c];
  if (escaped === undefined) throw syntaxError(cursor, `invalid escape \\${c ?? ""}`);
  cursor.pos += 2;
  return escaped;
}

function parseArray(cursor: Cursor, depth: number): JsonValue[] {
  const items: JsonValue[] = [];
  cursor.pos++;
  skipWhitespace(cursor);
  if (cursor.text[cursor.pos] === "]") {
    cursor.pos++;
    return items;
  }
  for (;;) {
    cursor.path.push(items.length);
    items.push(parseValue(cursor, depth));
    cursor.path.pop();
    if (endOfContainer(cursor, "]")) return items;
  }
}

function parseObject(cursor: Cursor, depth: number): { [key: string]: JsonValue } {
  const object: { [key: string]: JsonValue } = {};
  const keys = new Set<string>();
  cursor.pos++;
  skipWhitespace(cursor);
  if (cursor.text[cursor.pos] === "}") {
    cursor.pos++;
    return object;
  }
  for (;;) {
    const key = parseKey(cursor, keys);
    cursor.path.push(key);
    const value = parseValue(cursor, depth);
    cursor.path.pop();
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
    if (endOfContainer(cursor, "}")) return object;
  }
}

function parseKey(cursor: Cursor, seen: Set<string>): string {
  skipWhitespace(cursor);
  if (cursor.text[cursor.pos] !== '"') throw syntaxError(cursor, "expected a string key");
  const start = cursor.pos;
  const key = parseString(cursor);
  if (seen.has(key)) {
    const path = formatJsonPath(cursor.path);
    const reason = `duplicate key ${JSON.stringify(key)}`;
    throw new OciFormatError("DUPLICATE_KEY", reason, path, byteOffset(cursor, start));
  }
  seen.add(key);
  skipWhitespace(cursor);
  if (cursor.text[cursor.pos] !== ":") throw syntaxError(cursor, `expected ":" after key ${JSON.stringify(key)}`);
  cursor.pos++;
  return key;
}

// Consumes "," (more to come) or the closing bracket (done).
function endOfContainer(cursor: Cursor, close: "]" | "}"): boolean {
  skipWhitespace(cursor);
  const c = cursor.text[cursor.pos];
  if (c === close) {
    cursor.pos++;
    return true;
  }
  if (c !== ",") throw c === undefined ? syntaxError(cursor, `expected "," or "${close}"`) : unexpected(cursor);
  cursor.pos++;
  return false;
}
