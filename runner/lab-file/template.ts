/** Values a lab's text may name: `{{registry}}`, `{{prefix}}`. */
export interface TextValues {
  readonly registry: string;
  readonly prefix: string;
}

// Fills `{{registry}}` and `{{prefix}}` in learner text; unknown placeholders are left as written.
export function fillText(text: string, values: TextValues): string {
  return text.replace(/\{\{\s*(registry|prefix)\s*\}\}/g, (_, key: keyof TextValues) => values[key]);
}
