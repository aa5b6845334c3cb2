// A minimal tar writer for tests: ustar headers, GNU long names and PAX headers, built byte by byte so the
// reader is tested against archives whose every field is known.

const BLOCK = 512;
const encoder = new TextEncoder();

/** One header's fields; `type` is the typeflag character. */
export interface HeaderSpec {
  readonly name: string;
  readonly type?: string;
  readonly size?: number;
  readonly mode?: number;
  readonly linkname?: string;
  readonly prefix?: string;
  readonly uid?: number;
}

function put(block: Uint8Array, offset: number, length: number, text: string): void {
  block.set(encoder.encode(text).subarray(0, length), offset);
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, "0")}\0`;
}

// A 512-byte ustar header with a valid checksum.
export function header(spec: HeaderSpec): Uint8Array {
  const block = new Uint8Array(BLOCK);
  put(block, 0, 100, spec.name);
  put(block, 100, 8, octal(spec.mode ?? 0o644, 8));
  put(block, 108, 8, octal(spec.uid ?? 0, 8));
  put(block, 116, 8, octal(0, 8));
  put(block, 124, 12, octal(spec.size ?? 0, 12));
  put(block, 136, 12, octal(0, 12));
  put(block, 148, 8, "        ");
  put(block, 156, 1, spec.type ?? "0");
  put(block, 157, 100, spec.linkname ?? "");
  put(block, 257, 8, "ustar\u000000");
  put(block, 345, 155, spec.prefix ?? "");
  const sum = block.reduce((a, b) => a + b, 0);
  put(block, 148, 8, `${sum.toString(8).padStart(6, "0")}\0 `);
  return block;
}

function padded(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(data.byteLength / BLOCK) * BLOCK);
  out.set(data);
  return out;
}

// A header followed by its padded content.
export function entry(spec: HeaderSpec, content: string | Uint8Array = ""): Uint8Array {
  const data = typeof content === "string" ? encoder.encode(content) : content;
  return concat(header({ ...spec, size: spec.size ?? data.byteLength }), padded(data));
}

// A GNU `L` (long name) or `K` (long link) extension entry.
export function gnuLong(type: "L" | "K", name: string): Uint8Array {
  return entry({ name: "././@LongLink", type }, `${name}\0`);
}

// A PAX extended header (`x`, or `g` for global) with the given records.
export function pax(records: Record<string, string>, type: "x" | "g" = "x"): Uint8Array {
  const lines = Object.entries(records).map(([k, v]) => {
    const body = ` ${k}=${v}\n`;
    const bodyBytes = encoder.encode(body).byteLength;
    let length = bodyBytes + 1;
    while (String(length).length + bodyBytes !== length) length++;
    return `${length}${body}`;
  });
  return entry({ name: "PaxHeaders/x", type }, lines.join(""));
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

// Entries plus the two zero blocks that end an archive.
export function archive(...parts: Uint8Array[]): Uint8Array {
  return concat(...parts, new Uint8Array(2 * BLOCK));
}
