import { createHmac } from "node:crypto";

// `{{personal:TEXT}}` in a seeded file's content: TEXT itself in the shared seed, and for a learner's variant
// a value of the same shape (digit for digit, letter for letter, case kept, other characters as they are)
// derived from the variant and where it stands, so a value a learner must find in an image is theirs alone.

const PLACEHOLDER = /\{\{personal:([^{}]*)\}\}/g;

// The content with every placeholder filled for `variant` ("" for the shared seed); `where` names the file.
export function fillPersonal(content: string, variant: string, where: string): string {
  let index = 0;
  return content.replace(PLACEHOLDER, (_, text: string) => {
    if (!variant) return text;
    const bytes = createHmac("sha256", variant).update(`${where}\n${index++}`).digest();
    return [...text].map((ch, i) => reshape(ch, bytes[i % bytes.length] as number)).join("");
  });
}

function reshape(ch: string, byte: number): string {
  if (/[0-9]/.test(ch)) return String(byte % 10);
  if (/[a-z]/.test(ch)) return String.fromCharCode(97 + (byte % 26));
  if (/[A-Z]/.test(ch)) return String.fromCharCode(65 + (byte % 26));
  return ch;
}
