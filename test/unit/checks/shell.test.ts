import { execFile } from "node:child_process";
import { beforeEach, describe, expect, it } from "vitest";
import type { ShellOutcome, ShellRunner } from "../../../grader/checks/inputs.js";
import type { CheckKind } from "../../../grader/checks/kind.js";
import { shell } from "../../../grader/checks/shell.js";
import { createFixture, type Fixture, problemsOf, runKind } from "./content-fixtures.js";

const kind = shell as unknown as CheckKind<unknown>;

// A minimal runner for the test: /bin/sh -c with the given environment only (the runner's own kills the group).
const sh: ShellRunner = {
  run(command, env, timeoutMs) {
    return new Promise<ShellOutcome>((resolve) => {
      execFile(
        "/bin/sh",
        ["-c", command],
        { env: { PATH: "/usr/bin:/bin", ...env }, timeout: timeoutMs },
        (error, stdout, stderr) => {
          const e = error as (Error & { code?: number; killed?: boolean; signal?: string }) | null;
          resolve({
            exitCode: e ? (typeof e.code === "number" ? e.code : undefined) : 0,
            timedOut: e?.killed === true && e.signal === "SIGTERM",
            output: stdout + stderr,
          });
        },
      );
    });
  },
};

describe("shell", () => {
  let fx: Fixture;
  const run = (fields: Record<string, unknown>) => runKind(kind, fx, fields);
  beforeEach(() => {
    fx = createFixture();
    fx.shell = sh;
  });

  it("errors when the runner gives no shell", async () => {
    fx.shell = undefined;
    expect(await run({ command: "true" })).toMatchObject({
      status: "error",
      summary: "shell checks are disabled here",
    });
  });

  it("passes on the expected exit code and output; values arrive as environment variables", async () => {
    const result = await run({
      command: 'test "$REGISTRY/$PREFIX" = "127.0.0.1:5123/labtest" && echo "ok $GREETING"',
      env: { GREETING: "hi" },
      output: "^ok hi$",
    });
    expect(result.status).toBe("pass");
  });

  it("never lets a check's env override the run's values", async () => {
    expect((await run({ command: 'test "$PREFIX" = labtest', env: { PREFIX: "other" } })).status).toBe("pass");
  });

  it("keeps a value with shell syntax inert (it is never pasted into the command)", async () => {
    fx.values = { ...fx.values, EVIL: "$(touch /tmp/should-not-exist-labs); echo pwned" };
    const result = await run({ command: 'printf "%s" "$EVIL"', output: "^\\$\\(touch" });
    expect(result.status).toBe("pass");
  });

  it("fails on another exit code, showing the output's tail", async () => {
    const result = await run({ command: "echo 'tag v1 is missing' >&2; exit 3" });
    expect(result).toMatchObject({
      status: "fail",
      expected: "exit code 0",
      actual: "exit code 3; output: tag v1 is missing",
    });
    expect((await run({ command: "exit 3", expectExit: 3 })).status).toBe("pass");
  });

  it("fails when the output does not match", async () => {
    expect((await run({ command: "echo nope", output: "^yes" })).actual).toBe("nope");
  });

  it("passes its timeout to the runner and errors, not fails, when the runner stopped the command", async () => {
    const asked: number[] = [];
    fx.shell = {
      run: async (_c, _e, timeoutMs) => {
        asked.push(timeoutMs);
        return { exitCode: undefined, timedOut: true, output: "" };
      },
    };
    const result = await run({ command: "sleep 500", timeout: 7 });
    expect(asked).toEqual([7000]);
    expect(result.status).toBe("error");
    expect(result.summary).toContain("did not finish within 7 s");
    await run({ command: "true" });
    expect(asked[1]).toBe(10_000);
  });

  it.each([
    [{}, "`command` must be a non-empty string"],
    [{ command: "true", timeout: 600 }, "from 1 to 120"],
    [{ command: "true", env: { "BAD-NAME": "x" } }, "not a variable name"],
    [{ command: "true", env: { A: 1 } }, "is a string"],
    [{ command: "true", expectExit: -1 }, "from 0 to 255"],
  ])("rejects an invalid check %#", (fields, message) => {
    expect(problemsOf(kind, fields).join("\n")).toContain(message);
  });
});
