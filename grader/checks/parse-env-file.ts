// Env files as Docker Compose (`env_file`) and dotenv read them: `KEY=VALUE` lines, `#` comments, blank lines,
// an optional `export ` prefix, single quotes (literal), double quotes (with `\n`, `\t`, `\"`, `\\` escapes) and
// unquoted values whose ` #…` tail is a comment. Pure: text in, entries and problems out.
// https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/#env-file-syntax

/** One `KEY=VALUE` assignment. */
export interface EnvEntry {
  readonly key: string;
  readonly value: string;
  /** 1-based line number. */
  readonly line: number;
}

/** A line the parser could not read, with why. */
export interface ParseProblem {
  readonly line: number;
  readonly message: string;
}

/** Every assignment in file order (a repeated key appears twice), and every unreadable line. */
export interface EnvFile {
  readonly entries: readonly EnvEntry[];
  readonly problems: readonly ParseProblem[];
}

const ASSIGNMENT = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;
const DOUBLE_ESCAPES: Readonly<Record<string, string>> = { n: "\n", t: "\t", r: "\r", '"': '"', "\\": "\\", $: "$" };

// Parses an env file; never throws.
export function parseEnvFile(text: string): EnvFile {
  const entries: EnvEntry[] = [];
  const problems: ParseProblem[] = [];
  text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const line = i + 1;
      const trimmed = raw.trim();
      if (trimmed === "" || trimmed.startsWith("#")) return;
      const match = ASSIGNMENT.exec(trimmed);
      if (!match) {
        problems.push({ line, message: "expected KEY=VALUE (a name of letters, digits and `_`, then `=`)" });
        return;
      }
      const value = readValue(match[2] ?? "");
      if (typeof value === "string") entries.push({ key: match[1] ?? "", value, line });
      else problems.push({ line, message: value.problem });
    });
  return { entries, problems };
}

// The value part of an assignment: quoted, or unquoted up to a ` #` comment.
function readValue(text: string): string | { problem: string } {
  const quote = text[0];
  if (quote === "'" || quote === '"') return readQuoted(text, quote);
  const comment = /\s#/.exec(text);
  return (comment ? text.slice(0, comment.index) : text).trimEnd();
}

function readQuoted(text: string, quote: string): string | { problem: string } {
  let value = "";
  for (let i = 1; i < text.length; i++) {
    const c = text[i] as string;
    if (c === quote) return afterQuote(text.slice(i + 1), value, quote);
    if (quote === '"' && c === "\\" && i + 1 < text.length) {
      const next = text[i + 1] as string;
      value += DOUBLE_ESCAPES[next] ?? `\\${next}`;
      i++;
      continue;
    }
    value += c;
  }
  return { problem: `the value's opening ${quote} has no closing ${quote} on this line` };
}

function afterQuote(rest: string, value: string, quote: string): string | { problem: string } {
  const tail = rest.trim();
  if (tail === "" || tail.startsWith("#")) return value;
  return { problem: `unexpected text after the closing ${quote}: ${JSON.stringify(tail.slice(0, 40))}` };
}
