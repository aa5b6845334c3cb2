// JSON paths for error messages: `manifests[1].digest`, `annotations["org.opencontainers.image.ref.name"]`.

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

// Appends an object key or array index to a path; "" is the document itself.
export function joinPath(base: string, key: string | number): string {
  if (typeof key === "number") return `${base}[${key}]`;
  if (!IDENTIFIER.test(key)) return `${base}[${JSON.stringify(key)}]`;
  return base === "" ? key : `${base}.${key}`;
}

// A path from its segments.
export function formatJsonPath(segments: readonly (string | number)[]): string {
  return segments.reduce<string>(joinPath, "");
}
