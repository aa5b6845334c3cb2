import { LEARNER_PATTERN } from "../seeding/variant.js";

// A course roster: a CSV file (RFC 4180) with a header row naming a `learner` column (or `id` / `login`), one
// learner per row. Learner ids come from here, never from what a learner pushed.

/** A roster row problem, at its line and column. */
export class RosterError extends Error {
  constructor(
    readonly line: number,
    readonly col: number,
    reason: string,
  ) {
    super(`line ${line}, column ${col}: ${reason}`);
  }
}

// The learner ids of a roster, in file order; throws RosterError for a bad row, a missing column or a duplicate.
export function parseRoster(text: string): string[] {
  const rows = parseCsv(text.replace(/^\uFEFF/, ""));
  const header = rows[0]?.cells.map((c) => c.trim().toLowerCase()) ?? [];
  const column = ["learner", "id", "login"].map((name) => header.indexOf(name)).find((i) => i >= 0);
  if (column === undefined) throw new RosterError(1, 1, "the header row needs a `learner` column");
  const seen = new Set<string>();
  const learners: string[] = [];
  for (const row of rows.slice(1)) {
    if (row.cells.every((c) => c.trim() === "")) continue;
    const id = (row.cells[column] ?? "").trim();
    if (!LEARNER_PATTERN.test(id))
      throw new RosterError(row.line, column + 1, `"${id}" is not a learner id (lower-case letters, digits, . _ -)`);
    if (seen.has(id)) throw new RosterError(row.line, column + 1, `learner "${id}" is listed twice`);
    seen.add(id);
    learners.push(id);
  }
  return learners;
}

interface Row {
  readonly line: number;
  readonly cells: string[];
}

function parseCsv(text: string): Row[] {
  const rows: Row[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === "\n") line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === "") quoted = true;
    else if (ch === ",") {
      cells.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      cells.push(cell);
      rows.push({ line: rowLine, cells });
      cells = [];
      cell = "";
      line++;
      rowLine = line;
    } else cell += ch;
  }
  if (quoted) throw new RosterError(rowLine, cells.length + 1, "a quoted field is not closed");
  if (cell !== "" || cells.length > 0) rows.push({ line: rowLine, cells: [...cells, cell] });
  return rows;
}
