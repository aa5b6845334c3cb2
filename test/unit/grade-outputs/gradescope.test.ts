import { describe, expect, it } from "vitest";
import { formatGradescope, gradescopeResults } from "../../../runner/grade/outputs/gradescope.js";
import { FAILING, fixtureRun, HIDDEN_SECRET, INVALID, PASSING, UNGRADABLE } from "./fixture.js";

const run = fixtureRun();

describe("gradescopeResults", () => {
  it("has a test per task and a score that is the sum of points earned", () => {
    const results = gradescopeResults(run, FAILING);
    expect(results.tests.map((t) => [t.name, t.number, t.score, t.max_score, t.status])).toEqual([
      ["Task push", "1", 2, 2, "passed"],
      ["Task index", "2", 0, 3, "failed"],
    ]);
    expect(results.score).toBe(results.tests.reduce((s, t) => s + t.score, 0));
    expect(results.score).toBe(2);
    expect(gradescopeResults(run, PASSING).score).toBe(5);
    expect(results).toMatchObject({ visibility: "visible", stdout_visibility: "hidden" });
  });

  it("explains a failing check with its status word, summary, diagnosis and hint", () => {
    const output = gradescopeResults(run, FAILING).tests[1]!.output;
    expect(output).toContain("✘ FAIL  check platforms: The index has linux/amd64 only.");
    expect(output).toContain("diagnosis: You pushed a single-platform image over the index.");
    expect(output).toContain("hint: Push with `--all`.");
  });

  it("shows a hidden check as its title and not passed, nothing else", () => {
    const text = formatGradescope(run, FAILING);
    expect(text).not.toContain(HIDDEN_SECRET);
    expect(text).not.toContain("feedface");
    expect(gradescopeResults(run, FAILING).tests[1]!.output).toContain("✘ not passed  check secret (hidden check)");
  });

  it("says a registry-state check is not gradable from a bundle", () => {
    const output = gradescopeResults(run, UNGRADABLE).tests[1]!.output;
    expect(output).toContain("– not gradable from a bundle  check deleted: A bundle only claims what was deleted.");
  });

  it("gives a submission that could not be graded zero and a sentence saying what to do", () => {
    const results = gradescopeResults(run, INVALID);
    expect(results).toMatchObject({ score: 0, tests: [] });
    expect(results.output).toContain("not a tar archive");
    expect(results.output).toContain("`labs submit`");
  });

  it("is JSON ending in a newline", () => {
    const text = formatGradescope(run, PASSING);
    expect(JSON.parse(text)).toEqual(gradescopeResults(run, PASSING));
    expect(text.endsWith("}\n")).toBe(true);
  });
});
