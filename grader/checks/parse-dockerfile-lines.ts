import type { Instruction } from "./parse-dockerfile.js";
import type { ParseProblem } from "./parse-env-file.js";

// From Dockerfile text to logical instructions, as BuildKit's parser does it: parser directives at the top
// (`# escape=` picks `\` or a backtick), comment lines dropped (inside continuations too), empty continuation
// lines skipped, a trailing escape character joining the next line, and heredoc bodies (`<<EOF` … `EOF`) skipped.
// https://docs.docker.com/reference/dockerfile/#parser-directives, #escape, #here-documents

const DIRECTIVE = /^#\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(\S*)\s*$/;
const HEREDOC = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;

// Joins continuation lines into instructions (keyword upper-cased, 1-based line of the first physical line).
export function joinInstructions(text: string, problems: ParseProblem[]): Instruction[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const { escapeChar, first } = readDirectives(lines, problems);
  const out: Instruction[] = [];
  let current: { text: string; line: number } | undefined;
  for (let i = first; i < lines.length; i++) {
    const raw = lines[i] as string;
    const start = raw.trimStart();
    if (start.startsWith("#") || start === "") continue;
    const stripped = raw.replace(/[ \t]+$/, "");
    const continues = stripped.endsWith(escapeChar);
    const part = continues ? stripped.slice(0, -1) : stripped;
    current = current ? { ...current, text: current.text + part } : { text: part, line: i + 1 };
    if (continues) continue;
    const instruction = toInstruction(current.text, current.line);
    out.push(instruction);
    current = undefined;
    i = skipHeredocs(instruction, lines, i, problems);
  }
  if (current) out.push(toInstruction(current.text, current.line));
  return out;
}

function readDirectives(lines: readonly string[], problems: ParseProblem[]): { escapeChar: string; first: number } {
  let escapeChar = "\\";
  let i = 0;
  for (; i < lines.length; i++) {
    const match = DIRECTIVE.exec((lines[i] as string).trim());
    if (!match) break;
    if (match[1]?.toLowerCase() !== "escape") continue;
    if (match[2] === "\\" || match[2] === "`") escapeChar = match[2];
    else problems.push({ line: i + 1, message: "the escape directive takes `\\` or a backtick" });
  }
  return { escapeChar, first: i };
}

function toInstruction(text: string, line: number): Instruction {
  const trimmed = text.trim();
  const space = trimmed.search(/\s/);
  const keyword = (space < 0 ? trimmed : trimmed.slice(0, space)).toUpperCase();
  return { keyword, args: space < 0 ? "" : trimmed.slice(space + 1).trim(), line };
}

// Skips the bodies of the instruction's heredocs; returns the index of the last line consumed.
function skipHeredocs(
  instruction: Instruction,
  lines: readonly string[],
  at: number,
  problems: ParseProblem[],
): number {
  if (!["RUN", "COPY", "ADD"].includes(instruction.keyword)) return at;
  let i = at;
  for (const match of instruction.args.matchAll(HEREDOC)) {
    const stripTabs = match[1] === "-";
    const word = match[3] as string;
    const end = lines.findIndex((l, j) => j > i && (stripTabs ? l.replace(/^\t+/, "") : l) === word);
    if (end < 0) {
      problems.push({ line: instruction.line, message: `the heredoc <<${word} is never closed` });
      return lines.length;
    }
    i = end;
  }
  return i;
}
