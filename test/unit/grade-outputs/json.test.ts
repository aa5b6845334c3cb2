import { describe, expect, it } from "vitest";
import { formatGradeJson } from "../../../runner/grade/outputs/json.js";
import { fixtureRun, PASSING } from "./fixture.js";

describe("formatGradeJson", () => {
  it("round-trips to the same run, pretty-printed with a trailing newline", () => {
    const run = fixtureRun();
    const text = formatGradeJson(run);
    expect(JSON.parse(text)).toEqual(run);
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.split("\n")[1]).toBe('  "gradeVersion": 1,');
  });

  it("writes the same bytes whatever order the keys were built in", () => {
    const run = fixtureRun([PASSING]);
    const shuffled = JSON.parse(JSON.stringify(run), (_k, v: unknown) =>
      typeof v === "object" && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
    );
    expect(Object.keys(shuffled)[0]).not.toBe("gradeVersion");
    expect(formatGradeJson(shuffled)).toBe(formatGradeJson(run));
  });

  it("puts versions and ids first, then the other keys in code-point order", () => {
    const run = JSON.parse(formatGradeJson(fixtureRun([PASSING])));
    expect(Object.keys(run)).toEqual(["gradeVersion", "gradedAt", "lab", "results", "tool"]);
    const check = run.results[0].report.tasks[0].checks[0];
    expect(Object.keys(check)).toEqual(["id", "title", "status", "kind", "summary"]);
  });
});
