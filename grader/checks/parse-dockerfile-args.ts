import type { Instruction } from "./parse-dockerfile.js";
import type { ParseProblem } from "./parse-env-file.js";

// `ARG` before the first `FROM` and its substitution into `FROM` lines: `$X`, `${X}`, `${X:-default}`,
// `${X-default}`, `${X:+alt}`, `${X+alt}`, and `\$` for a literal dollar. Build args given on the command line
// are unknown here, so an ARG without a default is reported rather than guessed.
// https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact, #environment-replacement

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const REFERENCE = /\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

// Records each `name[=default]` of a global ARG (a later ARG of the same name replaces the earlier one).
export function readArgInstruction(
  instruction: Instruction,
  globals: Map<string, string | undefined>,
  problems: ParseProblem[],
): void {
  const words = splitWords(instruction.args);
  if (words.length === 0) problems.push({ line: instruction.line, message: "ARG needs a name" });
  for (const word of words) {
    const eq = word.indexOf("=");
    const name = eq < 0 ? word : word.slice(0, eq);
    if (!NAME.test(name)) {
      problems.push({ line: instruction.line, message: `${JSON.stringify(name)} is not an ARG name` });
      continue;
    }
    globals.set(name, eq < 0 ? undefined : unquote(word.slice(eq + 1)));
  }
}

// Substitutes global ARGs into `text`; an unset or undeclared name becomes "" and is reported.
export function expandArgs(
  text: string,
  globals: ReadonlyMap<string, string | undefined>,
  line: number,
  problems: ParseProblem[],
): string {
  return text.replace(REFERENCE, (whole, braced?: string, op?: string, word?: string, bare?: string) => {
    if (whole === "\\$") return "$";
    const name = (braced ?? bare) as string;
    const value = globals.get(name);
    const set = value !== undefined;
    if (op === ":-") return set && value !== "" ? value : (word ?? "");
    if (op === "-") return set ? value : (word ?? "");
    if (op === ":+") return set && value !== "" ? (word ?? "") : "";
    if (op === "+") return set ? (word ?? "") : "";
    if (!set) problems.push({ line, message: unsetMessage(name, globals.has(name)) });
    return value ?? "";
  });
}

function unsetMessage(name: string, declared: boolean): string {
  return declared
    ? `ARG ${name} has no default, so this image depends on --build-arg ${name}=…`
    : `${name} is not declared by an ARG before the first FROM`;
}

// Splits on whitespace outside quotes.
function splitWords(text: string): string[] {
  return text.match(/(?:"[^"]*"|'[^']*'|[^\s"'])+/g) ?? [];
}

function unquote(value: string): string {
  return value.replace(/"([^"]*)"|'([^']*)'/g, (_m, d?: string, s?: string) => d ?? s ?? "");
}
