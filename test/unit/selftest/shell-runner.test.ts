import { describe, expect, it } from "vitest";
import { sandboxedShell } from "../../../runner/selftest/shell-runner.js";

describe("the shell runner behind shell checks", () => {
  it("passes values only as environment variables: shell syntax in a value is never run", async () => {
    const outcome = await sandboxedShell().run('printf "%s" "$VALUE"', { VALUE: "$(echo pwned); `id`" }, 5_000);
    expect(outcome).toEqual({ exitCode: 0, timedOut: false, output: "$(echo pwned); `id`" });
  });

  it("runs in a throwaway HOME, not the user's", async () => {
    const outcome = await sandboxedShell().run('printf "%s" "$HOME"', {}, 5_000);
    expect(outcome.output).toMatch(/labs-steps-/);
    expect(outcome.output).not.toBe(process.env.HOME);
  });

  it("kills the whole process group at the timeout, children included", async () => {
    // The background sleep holds the output pipe open: the run can only end early if it was killed too.
    const started = Date.now();
    const outcome = await sandboxedShell().run("sleep 30 & sleep 30; wait", {}, 300);
    expect(outcome.timedOut).toBe(true);
    expect(outcome.exitCode).not.toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
