import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertRequirement, requireAll, requireCommand, requireDocker, skipUnless } from "../support/requirements.js";
import { hostPlatform, runLabs, tempLabsHome } from "../support/run-cli.js";

const BACKENDS = [
  { name: "embedded", req: requireCommand("skopeo") },
  { name: "docker", req: requireAll(requireDocker(), requireCommand("skopeo")) },
] as const;

async function skopeoCopy(registry: string, from: string, to: string, all: boolean): Promise<void> {
  const flags = ["copy", ...(all ? ["--all"] : []), "--src-tls-verify=false", "--dest-tls-verify=false"];
  const result = await execa("skopeo", [...flags, `docker://${registry}/${from}`, `docker://${registry}/${to}`], {
    env: { HOME: tempLabsHome() },
    reject: false,
  });
  expect(result.exitCode, result.stderr).toBe(0);
}

describe.each(BACKENDS)("lab 9 through the real CLI and real skopeo, on the $name registry", ({ name, req }) => {
  const home = tempLabsHome();
  let registry = "";

  beforeAll(() => assertRequirement(req));
  afterAll(async () => {
    await runLabs(home, ["stop", "--purge"]);
  });

  it.skipIf(skipUnless(req))("start, a wrong copy, the right copy, status and stop", { timeout: 240_000 }, async () => {
    const start = await runLabs(home, ["start", "9", "--registry", name]);
    expect(start.stderr).toBe("");
    expect(start.exitCode).toBe(0);
    const address = /Registry ready at (127\.0\.0\.1:\d+) \((\w+)/.exec(start.stdout);
    expect(address?.[2]).toBe(name);
    registry = address![1]!;
    expect(start.stdout).toContain(`${registry}/lab09/src/app:v1`);
    expect(start.stdout).toContain("labs check 9");

    const firstHint = await runLabs(home, ["hint"]);
    expect(firstHint.stdout).toMatch(/Hint 1 of 3 for Mirror v1/);
    expect((await runLabs(home, ["hint", "9", "mirror-v1"])).stdout).toMatch(/Hint 2 of 3/);
    expect((await runLabs(home, ["hint", "9", "nope"])).exitCode).toBe(2);

    const atStart = await runLabs(home, ["check", "9"]);
    expect(atStart.exitCode).toBe(1);
    expect(atStart.stdout).toContain("`mirror/app:v1` does not exist");

    await skopeoCopy(registry, "lab09/src/app:v1", "lab09/mirror/app:v1", false);
    const oneArch = await runLabs(home, ["check", "9", "--json"]);
    expect(oneArch.exitCode).toBe(1);
    const report = JSON.parse(oneArch.stdout);
    const sameDigest = report.tasks[0].checks.find((c: { id: string }) => c.id === "same-digest");
    expect(sameDigest.status).toBe("fail");
    expect(sameDigest.diagnosis).toContain("only one platform was copied");
    expect(sameDigest.diagnosis).toContain(`\`${hostPlatform()}\``);

    for (const tag of ["v1", "v1-legacy"]) {
      await skopeoCopy(registry, `lab09/src/app:${tag}`, `lab09/mirror/app:${tag}`, true);
    }
    const passed = await runLabs(home, ["check", "9"]);
    expect(passed.stdout).toContain("PASS");
    expect(passed.stdout).toContain("A registry-to-registry copy that keeps digests moves bytes"); // the debrief
    expect(passed.exitCode).toBe(0);

    const status = JSON.parse((await runLabs(home, ["status", "--json"])).stdout);
    expect(status.registry).toMatchObject({ kind: name, hostPort: registry, answering: true });
    expect(status.labs["9"].checks).toBe(3);
    expect(status.labs["9"].passedAt).toBeTruthy();
    expect(status.labs["9"].hints["mirror-v1"]).toHaveLength(2);

    const stop = await runLabs(home, ["stop"]);
    expect(stop.exitCode).toBe(0);
    const down = await runLabs(home, ["check", "9"]);
    expect(down.exitCode).toBe(3);
    expect(down.stderr).toContain("labs start 9");
  });
});
