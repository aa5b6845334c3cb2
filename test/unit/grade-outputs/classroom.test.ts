import { describe, expect, it } from "vitest";
import { classroomResult, formatClassroomOutputLine } from "../../../runner/grade/outputs/classroom.js";
import { FAILING, fixtureRun, HIDDEN_SECRET, INVALID, NASTY_ONE, PASSING } from "./fixture.js";

const run = fixtureRun();

function decode(line: string): unknown {
  const match = /^result=([A-Za-z0-9+/]+=*)\n$/.exec(line);
  if (!match) throw new Error(`not a result= line: ${JSON.stringify(line)}`);
  return JSON.parse(Buffer.from(match[1]!, "base64").toString("utf8"));
}

describe("classroomResult", () => {
  it("is version 1 with a test per task, scores earned of max_score", () => {
    const result = classroomResult(run, FAILING);
    expect(result).toMatchObject({ version: 1, status: "fail", max_score: 5 });
    expect(result.tests.map((t) => [t.name, t.status, t.score, t.max_score])).toEqual([
      ["Task push", "pass", 2, 2],
      ["Task index", "fail", 0, 3],
    ]);
    expect(result.tests[0]).toMatchObject({ test_code: "labs check 9", filename: "", line_no: 0, duration: 0 });
    expect(classroomResult(run, PASSING).status).toBe("pass");
  });

  it("maps a check that could not run to error, and an unreadable submission to one error test", () => {
    expect(classroomResult(run, NASTY_ONE)).toMatchObject({ status: "error", tests: [{ status: "error" }] });
    const invalid = classroomResult(run, INVALID);
    expect(invalid).toMatchObject({ status: "error", max_score: 0 });
    expect(invalid.tests[0]!.message).toContain("not a tar archive");
  });

  it("redacts hidden checks: the workflow log is the learner's", () => {
    const result = classroomResult(run, FAILING);
    expect(JSON.stringify(result)).not.toContain(HIDDEN_SECRET);
    expect(result.tests[1]!.message).toContain("not passed  check secret (hidden check)");
  });
});

describe("formatClassroomOutputLine", () => {
  it("is one result= line whose base64 decodes to the result JSON, unicode included", () => {
    for (const learner of [PASSING, FAILING, INVALID, NASTY_ONE]) {
      const result = classroomResult(run, learner);
      expect(decode(formatClassroomOutputLine(result))).toEqual(result);
    }
  });

  it("the test decoder rejects a wrapped or unprefixed line", () => {
    expect(() => decode("eyJ9\n")).toThrow();
    expect(() => decode("result=eyJ\n9\n")).toThrow();
  });
});
