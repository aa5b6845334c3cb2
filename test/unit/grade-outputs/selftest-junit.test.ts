import { describe, expect, it } from "vitest";
import { formatJunit } from "../../../runner/selftest/junit.js";
import type { CaseResult } from "../../../runner/selftest/self-test.js";

const cases: CaseResult[] = [
  { lab: 3, name: "fails at start", status: "pass", detail: "", durationMs: 1200 },
  {
    lab: 3,
    name: "solution passes",
    status: "fail",
    detail: 'the solution does not pass:\n  tag <v2> & "v3" missing\u0007\n\tdone',
    durationMs: 2500,
  },
  { lab: 3, name: "wrong attempt: push's tag", status: "n/a", detail: "this registry lacks referrers", durationMs: 0 },
  { lab: 9, name: "solution passes", status: "pass", detail: "", durationMs: 40 },
];

// `labs test --junit` output is pinned byte for byte: the writer is shared with `labs grade --format junit`.
describe("labs test JUnit output", () => {
  it("is unchanged by the shared writer", () => {
    expect(formatJunit(cases, "embedded")).toMatchInlineSnapshot(`
      "<?xml version="1.0" encoding="UTF-8"?>
      <testsuites>
        <testsuite name="lab 3 (embedded)" tests="3" failures="1" skipped="1" time="3.7">
          <testcase classname="labs.lab3.embedded" name="fails at start" time="1.2"/>
          <testcase classname="labs.lab3.embedded" name="solution passes" time="2.5">
            <failure message="the solution does not pass:">the solution does not pass:
        tag &#60;v2&#62; &#38; &#34;v3&#34; missing
      	done</failure>
          </testcase>
          <testcase classname="labs.lab3.embedded" name="wrong attempt: push&#39;s tag" time="0">
            <skipped message="this registry lacks referrers"/>
          </testcase>
        </testsuite>
        <testsuite name="lab 9 (embedded)" tests="1" failures="0" skipped="0" time="0.04">
          <testcase classname="labs.lab9.embedded" name="solution passes" time="0.04"/>
        </testsuite>
      </testsuites>
      "
    `);
  });
});
