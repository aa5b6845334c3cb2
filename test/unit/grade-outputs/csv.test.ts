import { describe, expect, it } from "vitest";
import { formatCsvCell, formatGradeCsv } from "../../../runner/grade/outputs/csv.js";
import { DIGEST, fixtureRun, NASTY, NASTY_LEARNER } from "./fixture.js";

// An RFC 4180 reader: CRLF records, fields optionally quoted, "" inside quotes is one quote. Strict: text after
// a closing quote, a bare quote in an unquoted field, or a missing final CRLF is an error.
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = "";
    if (text[i] === '"') {
      for (i++; ; i++) {
        if (i >= text.length) throw new Error("unterminated quoted field");
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i++;
        } else if (text[i] === '"') break;
        else field += text[i];
      }
      i++;
    } else {
      while (i < text.length && text[i] !== "," && text[i] !== "\r") {
        if (text[i] === '"' || text[i] === "\n") throw new Error(`bare ${JSON.stringify(text[i])} at ${i}`);
        field += text[i++];
      }
    }
    row.push(field);
    if (text[i] === ",") i++;
    else if (text.startsWith("\r\n", i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
  }
  if (row.length > 0) throw new Error("missing final CRLF");
  return rows;
}

describe("formatGradeCsv", () => {
  const rows = parseCsv(formatGradeCsv(fixtureRun()));
  const [header, ...body] = rows;
  const byLearner = (name: string) => body.find((r) => r[0] === name || r[0] === `'${name}`)!;

  it("has a header with a column per task and a row per learner, all the same width", () => {
    expect(header).toEqual([
      "learner",
      "status",
      "earned",
      "points",
      "task push",
      "task index",
      "task cleanup",
      "evidence",
      "bundle digest",
      "graded at",
      "error",
    ]);
    expect(body).toHaveLength(5);
    for (const r of body) expect(r).toHaveLength(header!.length);
  });

  it("records points per task, evidence and the error of an ungradable submission", () => {
    expect(byLearner("alice")).toEqual([
      "alice",
      "pass",
      "5",
      "5",
      "2",
      "3",
      "",
      "bundle",
      DIGEST,
      "2025-05-01T10:00:00.000Z",
      "",
    ]);
    expect(byLearner("bob").slice(0, 6)).toEqual(["bob", "fail", "2", "5", "2", "0"]);
    expect(byLearner("carol").slice(1, 7)).toEqual(["ungradable", "2", "3", "2", "", "0"]);
    const dave = byLearner("dave.bundle");
    expect(dave.slice(1, 4)).toEqual(["error", "", ""]);
    expect(dave.at(-1)).toBe("the bundle cannot be graded: not a tar archive");
    expect(dave.at(-2)).toBe("2025-05-01T10:00:05.000Z");
  });

  it("guards a cell that would run as a formula, and the quoted text survives the round trip", () => {
    const row = body.find((r) => r[0]?.includes("HYPERLINK"))!;
    expect(row[0]).toBe(`'${NASTY_LEARNER}`);
    expect(body.flat().every((cell) => !/^[=+\-@\t\r]/.test(cell))).toBe(true);
  });

  it.each([
    ["=1+1", "'=1+1"],
    ["+1", "'+1"],
    ["-2", "'-2"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tx", "'\tx"],
    ["\rx", `"'\rx"`],
    ['a "b", c', '"a ""b"", c"'],
    [NASTY, `"${NASTY.replace(/"/g, '""')}"`],
    ["plain 3", "plain 3"],
    ["", ""],
  ])("formats %j as %j", (value, cell) => {
    expect(formatCsvCell(value)).toBe(cell);
  });

  it("the test reader rejects malformed CSV", () => {
    expect(() => parseCsv('a,"b\r\n')).toThrow();
    expect(() => parseCsv('a,b"c\r\n')).toThrow();
    expect(() => parseCsv("a,b")).toThrow();
    expect(parseCsv('"x\r\ny",""\r\n')).toEqual([["x\r\ny", ""]]);
  });
});
