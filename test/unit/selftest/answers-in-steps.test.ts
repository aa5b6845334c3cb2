import { afterEach, describe, expect, it } from "vitest";
import type { LabDefinition } from "../../../grader/lab/types.js";
import { recordedAnswers } from "../../../runner/selftest/recorded-answers.js";
import { runSteps } from "../../../runner/selftest/run-steps.js";
import { createSandbox, type StepSandbox } from "../../../runner/selftest/sandbox.js";

const lab = {
  number: 1,
  answers: { "manifest-digest": { type: "digest", title: "" }, layers: { type: "number", title: "" } },
} as unknown as LabDefinition;
const digest = `sha256:${"b".repeat(64)}`;

describe("answers given by a lab's steps through `labs answer`", () => {
  let sandbox: StepSandbox;
  afterEach(async () => sandbox?.dispose());

  it("records them as `labs answer` validates them; the last answer wins", async () => {
    sandbox = await createSandbox();
    const run = `labs answer 1 layers 3\nlabs answer 1 manifest-digest "$D"\nlabs answer 1 layers 2`;
    const outcome = await runSteps({ run, tools: [] }, { D: digest }, sandbox);
    expect(outcome.exitCode).toBe(0);
    expect(await recordedAnswers(lab, sandbox.answersFile)).toEqual(
      new Map<string, unknown>([
        ["layers", 2],
        ["manifest-digest", digest],
      ]),
    );
  });

  it("refuses a malformed answer and an answer the lab does not ask for", async () => {
    sandbox = await createSandbox();
    await runSteps({ run: "labs answer 1 manifest-digest not-a-digest", tools: [] }, {}, sandbox);
    await expect(recordedAnswers(lab, sandbox.answersFile)).rejects.toThrow(/not a digest/);
    sandbox = await createSandbox();
    await runSteps({ run: "labs answer 1 colour blue", tools: [] }, {}, sandbox);
    await expect(recordedAnswers(lab, sandbox.answersFile)).rejects.toThrow(/does not ask for/);
  });

  it("offers no other labs command inside the steps", async () => {
    sandbox = await createSandbox();
    const outcome = await runSteps({ run: "labs check 1", tools: [] }, {}, sandbox);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.output).toContain("only 'labs answer N KEY VALUE'");
  });
});
