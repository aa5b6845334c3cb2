// Wording helpers of the object check kinds (describe.ts has the shared ones).

// The sentence form of a phrase: first letter upper-cased ("layer 2" → "Layer 2").
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// "1 descriptor" / "3 descriptors".
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
