import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CHECKS } from "../../../grader/checks/index.js";
import { LabsError } from "../../../runner/errors.js";
import { loadLabText } from "../../../runner/lab-file/load.js";
import { formatProblem } from "../../../runner/lab-file/problem.js";

const lab9File = resolve(import.meta.dirname, "../../../labs/09-mirror-preserving-digest/lab.yaml");
const lab9 = readFileSync(lab9File, "utf8");

function problemsOf(text: string) {
  const result = loadLabText("lab.yaml", text, CHECKS);
  if (!("problems" in result)) throw new Error("expected problems, the lab loaded");
  return result.problems;
}

describe("loading lab files", () => {
  it("loads lab 9 with its tasks, checks, seed and wrong attempts", () => {
    const result = loadLabText(lab9File, lab9, CHECKS);
    if (!("lab" in result)) throw new Error(result.problems.map(formatProblem).join("\n"));
    expect(result.lab.number).toBe(9);
    expect(result.lab.tasks.map((t) => t.id)).toEqual(["mirror-v1", "mirror-legacy", "source-intact"]);
    expect(Object.keys(result.lab.seed.indexes)).toEqual(["app_v1", "app_legacy"]);
    expect(result.lab.seed.images.app_amd64?.layers[1]?.files[1]?.mode).toBe(0o755);
    expect(result.lab.wrongAttempts.length).toBeGreaterThanOrEqual(3);
  });

  it("reports an unknown key at its line and column, with a suggestion", () => {
    const text = lab9.replace("minutes: 20", "minutse: 20");
    const problems = problemsOf(text);
    const unknown = problems.find((p) => p.message.includes("unknown key `minutse`"));
    expect(unknown?.message).toContain("did you mean `minutes`?");
    const line = text.split("\n").findIndex((l) => l.startsWith("minutse")) + 1;
    expect([unknown?.line, unknown?.col]).toEqual([line, 1]);
    expect(formatProblem(unknown!)).toMatch(new RegExp(`^lab.yaml:${line}:1: unknown key`));
  });

  it("reports every problem at once: unresolved seed name, duplicate check id, wrong type", () => {
    const text = lab9
      .replace(
        'ref: "mirror/app:{{choice.release}}", seed: app_v1 }\n      - { id: complete',
        'ref: "mirror/app:{{choice.release}}", seed: app_v9 }\n      - { id: complete',
      )
      .replace("id: same-objects", "id: complete")
      .replace("points: 2", "points: two");
    const messages = problemsOf(text).map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('no seeded object is named "app_v9"'),
        expect.stringContaining('duplicate id "complete"'),
        expect.stringContaining("`points` must be a whole number"),
      ]),
    );
  });

  it("rejects an unknown check kind and a tag that targets nothing", () => {
    const text = lab9
      .replace("kind: graph-complete", "kind: graph-completed")
      .replace("target: app_legacy }", "target: nothing }");
    const messages = problemsOf(text).map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('unknown check kind "graph-completed"'),
        expect.stringContaining('no seeded object is named "nothing"'),
      ]),
    );
  });

  it("points at a YAML syntax error", () => {
    const problems = problemsOf("formatVersion: 1\nnumber: [1\ntitle: x\n");
    expect(problems[0]?.message).toMatch(/^YAML: /);
    expect(problems[0]?.line).toBeGreaterThan(1);
  });

  it("rejects duplicate keys in YAML", () => {
    const problems = problemsOf(lab9.replace("minutes: 20", "minutes: 20\nminutes: 25"));
    expect(problems[0]?.message).toMatch(/YAML: .*unique/i);
  });

  it("asks to update labs when the format is newer than this version reads", () => {
    expect(() => loadLabText("lab.yaml", lab9.replace("formatVersion: 1", "formatVersion: 2"), CHECKS)).toThrow(
      LabsError,
    );
    try {
      loadLabText("lab.yaml", lab9.replace("formatVersion: 1", "formatVersion: 2"), CHECKS);
    } catch (error) {
      expect((error as LabsError).code).toBe("LAB_FORMAT_TOO_NEW");
      expect((error as LabsError).hint).toMatch(/Update labs/);
    }
  });

  it("rejects a wrong attempt naming a check its task does not have", () => {
    const text = lab9.replace("    task: mirror-v1\n    check: same-digest", "    task: mirror-v1\n    check: nope");
    expect(problemsOf(text).map((p) => p.message)).toContain('task "mirror-v1" has no check "nope"');
  });
});
