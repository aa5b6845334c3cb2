/** The headers of a response: names are case-insensitive, repeated fields read as one value joined by `, `. */
export interface ResponseHeaders {
  /** The field's value, or undefined when the response does not carry it. */
  get(name: string): string | undefined;
  has(name: string): boolean;
}

const EDGE_WHITESPACE = /^[\t ]+|[\t ]+$/g;

// Collects node:http's `rawHeaders` (name, value, name, value, …) the way fetch's `Headers` reads them (RFC 9110
// §5.3): every repeated field is kept and joined, where `IncomingMessage.headers` drops repeats of some fields.
export function collectHeaders(rawHeaders: readonly string[]): ResponseHeaders {
  const fields = new Map<string, string>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    const value = (rawHeaders[i + 1] as string).replace(EDGE_WHITESPACE, "");
    const previous = fields.get(name);
    fields.set(name, previous === undefined ? value : `${previous}, ${value}`);
  }
  return {
    get: (name) => fields.get(name.toLowerCase()),
    has: (name) => fields.has(name.toLowerCase()),
  };
}
