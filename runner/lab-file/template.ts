/** Values a lab's text may name: `{{registry}}`, `{{prefix}}`, `{{workspace}}` and `{{seed.NAME.digest}}`. */
export interface TextValues {
  readonly registry: string;
  readonly prefix: string;
  readonly workspace?: string;
  /** Digest of each seeded object, by name. */
  readonly digests?: ReadonlyMap<string, string>;
}

// Fills the placeholders in learner text and workspace files; unknown placeholders are left as written.
export function fillText(text: string, values: TextValues): string {
  return text.replace(/\{\{\s*([a-z][a-z0-9_.]*)\s*\}\}/g, (whole, key: string) => {
    if (key === "registry") return values.registry;
    if (key === "prefix") return values.prefix;
    if (key === "workspace" && values.workspace) return values.workspace;
    const seed = /^seed\.([a-z][a-z0-9_]*)\.digest$/.exec(key);
    return (seed && values.digests?.get(seed[1]!)) ?? whole;
  });
}
