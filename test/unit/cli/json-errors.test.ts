import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../../runner/cli.js";
import { capture } from "../../../runner/ui/capture.js";

async function labs(...argv: string[]) {
  const out = capture();
  const err = capture();
  const home = mkdtempSync(join(tmpdir(), "labs-json-"));
  const env = { LABS_HOME: home, NO_COLOR: "1" };
  const code = await runCli(argv, { stdout: out.stream, stderr: err.stream, env, cwd: home });
  return { code, stdout: out.text(), stderr: err.text() };
}

describe("errors under --json", () => {
  it("print a versioned object with the code, what happened and what to do, and the words on stderr", async () => {
    const run = await labs("check", "--json");
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({
      schemaVersion: 1,
      error: {
        code: "NO_LAB_STARTED",
        message: "No lab has been started yet.",
        whatToDo: expect.stringContaining("labs start"),
        exitCode: 2,
      },
    });
    expect(run.stderr).toContain("what to do:");
  });

  it("leave stdout alone without --json", async () => {
    const run = await labs("check");
    expect([run.code, run.stdout]).toEqual([2, ""]);
  });
});
