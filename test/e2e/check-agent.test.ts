import { readFileSync, statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertRequirement, requireCommand, skipUnless } from "../support/requirements.js";
import { CLI, type CliRun, runLabs, runLauncher, tempLabsHome } from "../support/run-cli.js";
import { skopeoCopy } from "../support/skopeo.js";

const curl = requireCommand("curl");
const skopeo = requireCommand("skopeo");
const curlAndSkopeo = { ok: curl.ok && skopeo.ok, reason: [curl.reason, skopeo.reason].filter(Boolean).join("; ") };

// What the agent logged it answered (one JSON line per request in the registry's server.log).
function agentEvents(home: string): { args?: string[]; exit?: number; declined?: string }[] {
  return readFileSync(join(home, "registry", "server.log"), "utf8")
    .split("\n")
    .filter((line) => line.includes('"event":"agent"'))
    .map((line) => JSON.parse(line) as { args?: string[]; exit?: number; declined?: string });
}

// A report without the fields that differ between two runs of the same check.
function stable(run: CliRun): unknown {
  const report = JSON.parse(run.stdout) as Record<string, unknown>;
  const { gradedAt: _at, durationMs: _ms, ...rest } = report;
  return rest;
}

describe("`labs check` through the launcher and the embedded registry's check agent", () => {
  const home = tempLabsHome();
  let registry = "";
  beforeAll(async () => {
    const started = await runLabs(home, ["start", "9", "--registry", "embedded"]);
    expect(started.exitCode, started.stderr).toBe(0);
    registry = /Registry ready at (127\.0\.0\.1:\d+)/.exec(started.stdout)![1]!;
  }, 120_000);
  afterAll(async () => {
    await runLabs(home, ["stop", "--purge"]);
  });

  it.skipIf(skipUnless(curl))("listens on a socket only its user can open", () => {
    assertRequirement(curl);
    const socket = join(home, "registry", "agent", "labs.sock");
    expect(statSync(socket).isSocket()).toBe(true);
    expect(statSync(socket).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, "registry", "agent")).mode & 0o777).toBe(0o700);
  });

  it.skipIf(skipUnless(curlAndSkopeo))(
    "answers exactly as the CLI does, exit code included, failing and then passing",
    { timeout: 120_000 },
    async () => {
      assertRequirement(curlAndSkopeo);
      const before = agentEvents(home).length;
      const viaAgent = await runLauncher(home, ["check", "9", "--json"]);
      const inNode = await runLabs(home, ["check", "9", "--json"]);
      expect(viaAgent.exitCode).toBe(1);
      expect(inNode.exitCode).toBe(1);
      expect(stable(viaAgent)).toEqual(stable(inNode));
      expect((await runLauncher(home, ["check", "9"])).stdout).toBe((await runLabs(home, ["check", "9"])).stdout);
      const copy = await skopeoCopy(registry, "lab09/src/app:v1", "lab09/mirror/app:v1");
      expect(copy.exitCode, copy.stderr).toBe(0);
      const passing = await runLauncher(home, ["check", "9", "--json"]);
      expect(JSON.parse(passing.stdout).tasks[0].status).toBe("pass");
      const answered = agentEvents(home).slice(before);
      expect(answered.map((e) => [e.args?.join(" "), e.exit, e.declined])).toEqual([
        ["check 9 --json", 1, undefined],
        ["check 9", 1, undefined],
        ["check 9 --json", 1, undefined],
      ]);
      // Each run through the agent is recorded in the progress like any other.
      const state = JSON.parse(readFileSync(join(home, "state.json"), "utf8"));
      expect(state.labs["9"].checks).toBeGreaterThanOrEqual(5);
    },
  );

  it.skipIf(skipUnless(curl))("uses the caller's colour settings", async () => {
    assertRequirement(curl);
    const coloured = await runLauncher(home, ["check", "9"], { NO_COLOR: "", FORCE_COLOR: "1" });
    expect(coloured.stdout).toContain("\u001b[");
    expect((await runLauncher(home, ["check", "9"])).stdout).not.toContain("\u001b[");
  });

  it.skipIf(skipUnless(curl))(
    "leaves errors, options it does not know and LABS_NO_AGENT to the CLI in Node",
    { timeout: 60_000 },
    async () => {
      assertRequirement(curl);
      const before = agentEvents(home).length;
      const unknown = await runLauncher(home, ["check", "99"]);
      expect(unknown.exitCode).toBe(2);
      expect(unknown.stderr).toContain("There is no lab 99.");
      const flag = await runLauncher(home, ["check", "9", "--username", "ada"]);
      expect(flag.stderr).toContain("--password-stdin");
      await runLauncher(home, ["check", "9"], { LABS_NO_AGENT: "1" });
      expect(
        agentEvents(home)
          .slice(before)
          .map((e) => e.declined),
      ).toEqual(["wrote to stderr"]);
    },
  );

  it.skipIf(skipUnless(curl))("declines once the installation was rebuilt, and the CLI answers", async () => {
    assertRequirement(curl);
    const { atime, mtime } = statSync(CLI);
    const before = agentEvents(home).length;
    utimesSync(CLI, atime, new Date(mtime.getTime() + 1_000));
    try {
      const run = await runLauncher(home, ["check", "9"]);
      expect(run.stdout).toContain("Lab 9:");
    } finally {
      utimesSync(CLI, atime, mtime);
    }
    expect(
      agentEvents(home)
        .slice(before)
        .map((e) => e.declined),
    ).toEqual(["another or a rebuilt installation"]);
  });

  it.skipIf(skipUnless(curl))(
    "falls back to the CLI when the agent is gone, and `labs stop` removes its socket",
    { timeout: 60_000 },
    async () => {
      assertRequirement(curl);
      const info = JSON.parse(readFileSync(join(home, "registry", "registry.json"), "utf8")) as { pid: number };
      process.kill(info.pid, "SIGKILL");
      await new Promise((resolve) => setTimeout(resolve, 200));
      const run = await runLauncher(home, ["check", "9"]);
      expect(run.exitCode).toBe(3);
      expect(run.stderr + run.stdout).toMatch(/registry/i);
      const again = await runLabs(home, ["start", "9", "--registry", "embedded"]);
      expect(again.exitCode, again.stderr).toBe(0);
      expect((await runLauncher(home, ["check", "9"])).exitCode).toBe(1);
      expect((await runLabs(home, ["stop"])).exitCode).toBe(0);
      expect(() => statSync(join(home, "registry", "agent", "labs.sock"))).toThrow();
    },
  );
});
