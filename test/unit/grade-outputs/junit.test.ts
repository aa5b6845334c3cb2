import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { formatGradeJunit } from "../../../runner/grade/outputs/junit.js";
import { assertRequirement, requireCommand, skipUnless } from "../../support/requirements.js";
import { DIGEST, fixtureRun, HIDDEN_SECRET, NASTY, NASTY_LEARNER } from "./fixture.js";

const xml = formatGradeJunit(fixtureRun());

function suite(name: string): string {
  const start = xml.indexOf(`<testsuite name="${name}"`);
  expect(start).toBeGreaterThan(-1);
  return xml.slice(start, xml.indexOf("</testsuite>", start));
}

describe("formatGradeJunit (structure)", () => {
  it("writes a suite per learner with counts and properties", () => {
    expect(suite("alice")).toContain('tests="2" failures="0" skipped="0" time="1.25"');
    expect(suite("bob")).toContain('tests="3" failures="2" skipped="0"');
    expect(suite("carol")).toContain('tests="2" failures="0" skipped="1"');
    expect(suite("alice")).toContain('<property name="lab version" value="1.2.0"/>');
    expect(suite("alice")).toContain('<property name="tool version" value="labs 0.1.0"/>');
    expect(suite("alice")).toContain(`<property name="bundle digest" value="${DIGEST}"/>`);
    expect(suite("alice")).toContain('<property name="evidence" value="bundle: Graded from a submission bundle');
  });

  it("writes a case per check, classname the task id, with failure, skipped and error elements", () => {
    expect(suite("alice")).toContain('<testcase classname="push" name="check tag"/>');
    expect(suite("bob")).toContain('<failure message="The index has linux/amd64 only.">');
    expect(suite("bob")).toContain("diagnosis: You pushed a single-platform image over the index.");
    expect(suite("carol")).toContain('<skipped message="not gradable from a bundle">');
  });

  it("shows instructors a hidden check in full, marked as hidden from learners", () => {
    expect(suite("bob")).toContain(`check secret (hidden from learners): ${HIDDEN_SECRET}`);
    expect(suite("bob")).toContain(`expected: ${HIDDEN_SECRET}`);
  });

  it("writes one error case for a submission that could not be graded", () => {
    const dave = suite("dave.bundle");
    expect(dave).toContain('tests="1" failures="0" errors="1" skipped="0"');
    expect(dave).toContain(
      '<testcase classname="submission" name="grade submission">\n      <error message="the bundle cannot be graded: not a tar archive">',
    );
  });
});

const xmllint = requireCommand("xmllint", ["--version"]);

// Reads one value out of the document with libxml2, which decodes references the way any consumer will.
function xpath(file: string, expression: string): string {
  return execFileSync("xmllint", ["--xpath", expression, file], { encoding: "utf8" }).replace(/\n$/, "");
}

describe.skipIf(skipUnless(xmllint))("formatGradeJunit (parsed by xmllint, Debian libxml2-utils)", () => {
  let file = "";
  beforeAll(() => {
    assertRequirement(xmllint);
    file = join(mkdtempSync(join(tmpdir(), "junit-")), "grades.xml");
    writeFileSync(file, xml);
  });

  it("is well-formed XML", () => {
    expect(() => execFileSync("xmllint", ["--noout", file], { stdio: "pipe" })).not.toThrow();
  });

  it("a broken document is rejected by the same check", () => {
    const broken = join(file, "..", "broken.xml");
    writeFileSync(broken, xml.replace("&#60;", "<"));
    expect(() => execFileSync("xmllint", ["--noout", broken], { stdio: "pipe" })).toThrow();
  });

  it("nasty text comes back intact, minus the control characters XML cannot carry", () => {
    const learner = NASTY_LEARNER.replace("\u0001", "");
    expect(xpath(file, "count(//testsuite)")).toBe("5");
    expect(xpath(file, `string(//testsuite[5]/@name)`)).toBe(learner);
    expect(xpath(file, `string(//testsuite[5]/testcase/error/@message)`)).toBe(`=${NASTY}`.replace("\u0007", ""));
    expect(xpath(file, `string(//testsuite[5]/testcase/error)`)).toContain(`hint: ${NASTY.replace("\u0007", "")}`);
  });
});
