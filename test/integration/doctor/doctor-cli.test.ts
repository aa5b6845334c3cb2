import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import type { DoctorReport } from "../../../runner/doctor/runner.js";
import { docker } from "../../support/docker.js";
import { assertRequirement, requireDocker, skipUnless } from "../../support/requirements.js";
import { runLabs, tempLabsHome } from "../../support/run-cli.js";

// `labs doctor --json` of a home, parsed; the run must end well within the test's time.
async function doctor(home: string, env: Record<string, string> = {}) {
  const run = await runLabs(home, ["doctor", "--json"], env);
  const report = JSON.parse(run.stdout) as DoctorReport;
  const byId = (id: string) => report.checks.find((c) => c.id === id);
  return { run, report, byId };
}

// Starts the embedded lab registry in a fresh labs home; returns the home and the registry's host:port.
async function startEmbeddedLab(home: string): Promise<string> {
  const started = await runLabs(home, ["start", "1", "--registry", "embedded"]);
  expect(started.exitCode, started.stderr).toBe(0);
  const status = JSON.parse((await runLabs(home, ["status", "--json"])).stdout) as { registry: { hostPort: string } };
  return status.registry.hostPort;
}

describe("`labs doctor` with the embedded lab registry running", () => {
  const home = tempLabsHome();
  let hostPort = "";
  beforeAll(async () => {
    hostPort = await startEmbeddedLab(home);
  }, 120_000);
  afterAll(async () => {
    await runLabs(home, ["stop", "--purge"]);
    rmSync(home, { recursive: true, force: true });
  });

  it("reports the registry, its backend, address and probed capabilities, and its port as its own", async () => {
    const { run, report, byId } = await doctor(home);
    expect(run.exitCode, run.stdout).toBe(0);
    expect(report.schemaVersion).toBe(1);
    expect(byId("lab-registry")).toMatchObject({ status: "ok" });
    expect(byId("lab-registry")?.summary).toContain(`The embedded lab registry answers at ${hostPort}`);
    expect(byId("lab-registry")?.summary).toContain("supports deleteByTag, deleteManifest, deleteBlob, referrersApi");
    expect(byId("port")).toMatchObject({
      status: "ok",
      summary: `Port ${hostPort.split(":")[1]} on 127.0.0.1 is the lab registry's own.`,
    });
    expect(byId("node")?.status).toBe("ok");
    expect(byId("tool-curl")?.summary).toMatch(/^curl \d+\.\d+/);
  });

  it("prints one line per check with a glyph and a word, and exits 0 when nothing blocks", async () => {
    const run = await runLabs(home, ["doctor"]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^✔ ok {3}Node\.js \d+/m);
    expect(run.stdout).toContain(`✔ ok   The embedded lab registry answers at ${hostPort}`);
    expect(run.stdout).toMatch(/Nothing blocks the labs\./);
  });

  it("rejects arguments it does not know", async () => {
    expect((await runLabs(home, ["doctor", "--verbose"])).exitCode).toBe(2);
    expect((await runLabs(home, ["doctor", "extra"])).exitCode).toBe(2);
  });

  it("finishes although `docker` hangs, and says the engine did not answer in time", { timeout: 60_000 }, async () => {
    const bin = mkdtempSync(join(tmpdir(), "labs-fake-docker-"));
    writeFileSync(join(bin, "docker"), "#!/bin/sh\nexec sleep 60\n");
    chmodSync(join(bin, "docker"), 0o755);
    onTestFinished(() => rmSync(bin, { recursive: true, force: true }));
    const { run, byId } = await doctor(home, { PATH: `${bin}:${process.env.PATH}` });
    // The fake sleeps 60 s: only the doctor's own timeouts let it end (generous bound for a loaded 2-core machine).
    expect(run.durationMs).toBeLessThan(20_000);
    expect(byId("docker-engine")).toMatchObject({ status: "warn", detail: "`docker info` did not answer in time" });
    expect(byId("engine-push")?.status).toBe("info");
  });
});

const dockerReq = requireDocker();
describe.skipIf(skipUnless(dockerReq))("`labs doctor` with a Docker engine and the embedded lab registry", () => {
  const home = tempLabsHome();
  let hostPort = "";
  beforeAll(async () => {
    assertRequirement(dockerReq);
    hostPort = await startEmbeddedLab(home);
  }, 120_000);
  afterAll(async () => {
    await runLabs(home, ["stop", "--purge"]);
    rmSync(home, { recursive: true, force: true });
  });

  it("pushes from the engine to the lab registry and leaves no image behind", { timeout: 60_000 }, async () => {
    const { byId } = await doctor(home);
    const push = byId("engine-push");
    expect(push?.status, JSON.stringify(push)).toBe("ok");
    expect(push?.summary).toBe(`The Docker engine pushes to the lab registry at ${hostPort}.`);
    expect(push?.detail).toContain("was deleted again");
    expect(docker("images", "-q", `${hostPort}/doctor/probe`)).toBe("");
    const tags = await fetch(`http://${hostPort}/v2/doctor/probe/tags/list`);
    const body = (await tags.json()) as { tags?: string[] | null };
    expect(body.tags ?? []).toEqual([]);
  });
});
