import { describe, expect, it } from "vitest";
import { createDoctorContext } from "../../../runner/doctor/context.js";
import { renderDoctor, renderDoctorJson } from "../../../runner/doctor/render.js";
import { hasBlockingProblem, runDoctor } from "../../../runner/doctor/runner.js";
import type { DoctorCheck, DoctorResult } from "../../../runner/doctor/types.js";
import { paint } from "../../../runner/ui/style.js";
import { fakeContext, fakeDeps } from "./fake-deps.js";

const fixed = (result: DoctorResult): DoctorCheck => ({ id: result.id, run: async () => result });

describe("runDoctor", () => {
  it("runs the checks at once, keeps their order, and turns a hang or a throw into a warning", async () => {
    const started = Date.now();
    const report = await runDoctor(
      [
        { id: "slow", run: () => new Promise(() => undefined) },
        { id: "broken", run: async () => Promise.reject(new Error("boom\nmore")) },
        fixed({ id: "fine", status: "ok", summary: "Fine." }),
      ],
      fakeContext(),
      200,
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(report.schemaVersion).toBe(1);
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ["slow", "warn"],
      ["broken", "warn"],
      ["fine", "ok"],
    ]);
    expect(report.checks[0]?.summary).toContain("did not finish within 0.2 s");
    expect(report.checks[1]?.summary).toBe("This check could not run: boom");
  });

  it("counts only a fail as blocking", async () => {
    const warn = await runDoctor([fixed({ id: "a", status: "warn", summary: "w" })], fakeContext(), 1_000);
    expect(hasBlockingProblem(warn)).toBe(false);
    const fail = await runDoctor([fixed({ id: "b", status: "fail", summary: "f" })], fakeContext(), 1_000);
    expect(hasBlockingProblem(fail)).toBe(true);
  });
});

describe("doctor context", () => {
  it("cuts a command's timeout to what is left of the run's deadline", async () => {
    const asked: number[] = [];
    const deps = fakeDeps({
      deadline: Date.now() + 1_000,
      run: async (_file, _args, options) => {
        asked.push(options.timeoutMs);
        return { exitCode: 0, stdout: "", stderr: "", notFound: false, timedOut: false };
      },
    });
    const ctx = createDoctorContext(deps);
    await ctx.run("x", [], { timeoutMs: 5_000 });
    await ctx.run("x", [], { timeoutMs: 100 });
    expect(asked[0]).toBeLessThanOrEqual(1_000);
    expect(asked[0]).toBeGreaterThan(500);
    expect(asked[1]).toBe(200);
  });

  it("gathers shared facts once per run", async () => {
    let calls = 0;
    const ctx = fakeContext({
      run: async () => {
        calls++;
        return { exitCode: 1, stdout: "", stderr: "down", notFound: false, timedOut: false };
      },
    });
    await Promise.all([ctx.engine(), ctx.engine(), ctx.engine()]);
    expect(calls).toBe(1);
  });
});

describe("doctor output", () => {
  const report = {
    schemaVersion: 1,
    checks: [
      { id: "node", status: "ok", summary: "Node.js 20.11.1 (labs needs 20 or newer)." },
      {
        id: "containers-insecure",
        status: "info",
        summary: "registries.conf does not mark 127.0.0.1:5123 insecure.",
        fix: 'Put this in x.conf:\n[[registry]]\nlocation = "127.0.0.1:5123"\ninsecure = true',
      },
      { id: "engine-push", status: "warn", summary: "Refused.", detail: "the engine said no", fix: "Add it." },
      { id: "disk", status: "fail", summary: "Not writable.", fix: "Fix it." },
    ],
  } as const;

  it("prints one line per check with a glyph and a word, multi-line fixes and problem evidence indented", () => {
    const text = renderDoctor(report, paint({ isTTY: false }, { NO_COLOR: "1" }));
    expect(text).toMatchInlineSnapshot(`
      "✔ ok   Node.js 20.11.1 (labs needs 20 or newer).
      › info registries.conf does not mark 127.0.0.1:5123 insecure. → Put this in x.conf:
             [[registry]]
             location = "127.0.0.1:5123"
             insecure = true
      ! warn Refused. → Add it.
             the engine said no
      ✘ fail Not writable. → Fix it.

      1 problem(s) block the labs. 1 warning(s), 1 ok, 1 note(s).
      "
    `);
  });

  it("prints the versioned JSON object with every field, null where empty", () => {
    const json = JSON.parse(renderDoctorJson(report)) as { schemaVersion: number; checks: Record<string, unknown>[] };
    expect(json.schemaVersion).toBe(1);
    expect(json.checks[0]).toEqual({
      id: "node",
      status: "ok",
      summary: "Node.js 20.11.1 (labs needs 20 or newer).",
      detail: null,
      fix: null,
    });
    expect(json.checks.map((c) => Object.keys(c).sort())).toEqual(
      json.checks.map(() => ["detail", "fix", "id", "status", "summary"]),
    );
  });
});
