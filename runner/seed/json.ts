// Canonical JSON bytes for manifests, configs and statements: the format is chosen, never left to chance.

/** How a JSON blob is written. No indent means compact (no spaces at all). */
export interface JsonFormat {
  /** Spaces per level for pretty output (1-10); omit for compact output. */
  readonly indent?: number;
  /** Append a single `\n` after the closing bracket. */
  readonly trailingNewline?: boolean;
}

const encoder = new TextEncoder();

// JSON text of `value`: keys in insertion order, raw UTF-8 (no \u escapes beyond what JSON requires).
export function formatJson(value: unknown, format: JsonFormat = {}): string {
  const { indent, trailingNewline = false } = format;
  if (indent !== undefined && !(Number.isInteger(indent) && indent >= 1 && indent <= 10)) {
    throw new RangeError(`json indent must be an integer from 1 to 10, got ${String(indent)}`);
  }
  const text = JSON.stringify(value, rejectUnstable, indent);
  if (text === undefined) throw new TypeError("json value must be an object, array, string, number, boolean or null");
  return trailingNewline ? `${text}\n` : text;
}

// UTF-8 bytes of formatJson(value, format).
export function encodeJson(value: unknown, format: JsonFormat = {}): Uint8Array {
  return encoder.encode(formatJson(value, format));
}

// JSON.stringify replacer that refuses values it would silently change (NaN → null, Map → {}, [undefined] → [null]).
function rejectUnstable(this: unknown, key: string, value: unknown): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new TypeError(`json value at "${key}" is ${value}, which JSON cannot represent`);
  }
  if (value === undefined && Array.isArray(this)) {
    throw new TypeError(`json array element ${key} is undefined`);
  }
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError(
        `json value at "${key}" is a ${proto.constructor?.name ?? "non-plain object"}, not a plain object`,
      );
    }
  }
  return value;
}
