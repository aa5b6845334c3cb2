import { describe, expect, it } from "vitest";
import { formatGradeText } from "../../../runner/grade/outputs/text.js";
import { fixtureRun } from "./fixture.js";

describe("formatGradeText", () => {
  it("prints a line per learner with glyph and word, points and tasks not passed", () => {
    expect(formatGradeText(fixtureRun())).toMatchInlineSnapshot(`
      "✔ pass                        alice                                    5/5
      ✘ FAIL                        bob                                      2/5  not passed: index
      – not gradable from a bundle  carol                                    2/3  not passed: cleanup
      ! ERROR                       dave.bundle                              the bundle cannot be graded: not a tar archive
      ! ERROR                       =HYPERLINK("http://evil"),x\\x0a<y>&\\x01  0/2  not passed: push

      Lab 9 multi-arch 1.2.0: 5 submissions, 1 passed, 1 could not be graded.
      "
    `);
  });

  it("never passes a control character through to the terminal", () => {
    const text = formatGradeText(fixtureRun());
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(text).toContain("\\x0a<y>&\\x01");
  });
});
