// Small byte helpers shared by the seed builders.

const encoder = new TextEncoder();

// UTF-8 bytes of a string; bytes are returned as they are.
export function toBytes(content: string | Uint8Array): Uint8Array {
  return typeof content === "string" ? encoder.encode(content) : content;
}

// One new Uint8Array holding every part in order (never a pooled Buffer slice).
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

// `bytes` followed by zeros up to the next multiple of `unit`.
export function padTo(bytes: Uint8Array, unit: number): Uint8Array {
  const remainder = bytes.byteLength % unit;
  if (remainder === 0) return bytes;
  const out = new Uint8Array(bytes.byteLength + unit - remainder);
  out.set(bytes);
  return out;
}
