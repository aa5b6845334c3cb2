import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CHECKS } from "../../grader/checks/index.js";
import { learnerEdition } from "../../runner/lab-file/learner-edition.js";
import { loadLabText } from "../../runner/lab-file/load.js";
import { runLabs, tempLabsHome } from "../support/run-cli.js";

// Instructor material ships apart: `labs pack` writes labs without solutions, wrong attempts or hidden checks;
// learners work with that edition, and staff grade with the full one.

const lab9 = resolve(import.meta.dirname, "../../labs/09-mirror-preserving-digest");

describe("the learner edition", () => {
  it("drops the solution, the wrong attempts and hidden checks, keeping the rest and its comments", () => {
    const text = readFileSync(join(lab9, "lab.yaml"), "utf8").replace(
      "      - { id: same-objects,",
      '      - { id: secret, kind: tag-present, hidden: true, repository: "mirror/app", tag: v1 }\n      - { id: same-objects,',
    );
    const full = loadLabText("lab.yaml", text, CHECKS);
    if (!("lab" in full)) throw new Error(full.problems.map((p) => p.message).join("; "));
    const edition = learnerEdition(text);
    expect(edition.hiddenChecks).toBe(1);
    expect(edition.text).toContain("# yaml-language-server");
    const learner = loadLabText("lab.yaml", edition.text, CHECKS);
    if (!("lab" in learner)) throw new Error("the learner edition does not load");
    expect(learner.lab.edition).toBe("learner");
    expect(learner.lab.solution).toBeUndefined();
    expect(learner.lab.wrongAttempts).toEqual([]);
    expect(learner.lab.tasks[0]?.checks.map((c) => c.id)).toEqual(["same-digest", "complete", "same-objects"]);
    expect(learner.lab.tasks.map((t) => t.text)).toEqual(full.lab.tasks.map((t) => t.text));
  });

  it("refuses a learner edition that still carries a solution", () => {
    const text = readFileSync(join(lab9, "lab.yaml"), "utf8").replace(
      "formatVersion: 1",
      "formatVersion: 1\nedition: learner",
    );
    const result = loadLabText("lab.yaml", text, CHECKS);
    expect("problems" in result && result.problems.map((p) => p.message).join()).toContain("carries no `solution`");
  });

  it("is what labs pack writes; labs test refuses it and labs solution says it has none", async () => {
    const dir = mkdtempSync(join(tmpdir(), "labs-pack-"));
    cpSync(lab9, join(dir, "full", "09-mirror-preserving-digest"), { recursive: true });
    const home = tempLabsHome();
    const packed = await runLabs(home, ["pack", "--edition", "learner", "-o", join(dir, "learner")], {
      LABS_DIR: join(dir, "full"),
    });
    expect(packed.exitCode, packed.stderr).toBe(0);
    const learnerEnv = { LABS_DIR: join(dir, "learner") };
    expect(readFileSync(join(dir, "learner", "09-mirror-preserving-digest", "lab.yaml"), "utf8")).not.toMatch(
      /^(solution|wrongAttempts):/m,
    );
    const test = await runLabs(home, ["test", "9"], learnerEnv);
    expect([test.exitCode, test.stderr]).toEqual([2, expect.stringContaining("learner edition")]);
    writeFileSync(
      join(home, "state.json"),
      JSON.stringify({
        schemaVersion: 1,
        labs: {
          "9": { startedAt: new Date().toISOString(), prefix: "lab09", checks: 0, passedAt: new Date().toISOString() },
        },
      }),
    );
    const solution = await runLabs(home, ["solution", "9"], learnerEnv);
    expect(solution.stderr).toContain("ships without its solution");
  });
});
