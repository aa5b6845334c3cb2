import { describe, expect, it } from "vitest";
import { formatGradescope } from "../../../runner/grade/outputs/gradescope.js";
import { GRADE_OUTPUT_FORMATS, isGradeOutputFormat, renderGradeRun } from "../../../runner/grade/outputs/index.js";
import { learnerFileNames } from "../../../runner/grade/outputs/learner-files.js";
import type { LearnerResult } from "../../../runner/grade/result.js";
import { FAILING, fixtureRun, PASSING } from "./fixture.js";

describe("renderGradeRun", () => {
  it.each(GRADE_OUTPUT_FORMATS)("renders %s for a one-learner run as one text", (format) => {
    const output = renderGradeRun(fixtureRun([FAILING]), format);
    expect("text" in output && output.text.length > 0).toBe(true);
  });

  it("renders gradescope for several learners as a results.json per learner folder", () => {
    const run = fixtureRun([PASSING, FAILING]);
    const output = renderGradeRun(run, "gradescope");
    expect(output).toEqual({
      files: {
        "alice/results.json": formatGradescope(run, PASSING),
        "bob/results.json": formatGradescope(run, FAILING),
      },
    });
    expect(Object.keys((renderGradeRun(run, "classroom") as { files: object }).files)).toEqual([
      "alice/github-output.txt",
      "bob/github-output.txt",
    ]);
  });

  it("knows its formats and nothing else", () => {
    expect(isGradeOutputFormat("junit")).toBe(true);
    expect(isGradeOutputFormat("xml")).toBe(false);
    expect(isGradeOutputFormat("")).toBe(false);
  });
});

describe("learnerFileNames", () => {
  const named = (...names: string[]) => names.map((learner) => ({ learner }) as LearnerResult);

  it("keeps safe names and makes hostile ones safe, unique ignoring case", () => {
    expect(learnerFileNames(named("alice", "../../etc/passwd", ".hidden", "", "Bob", "bob", "bob", "a b/c"))).toEqual([
      "alice",
      "__.._etc_passwd",
      "_hidden",
      "_",
      "Bob",
      "bob-2",
      "bob-3",
      "a_b_c",
    ]);
  });
});
