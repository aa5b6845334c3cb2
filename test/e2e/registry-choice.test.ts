import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestRun, removeTestRun, testEnv } from "../support/docker.js";
import { assertRequirement, requireDocker, skipUnless } from "../support/requirements.js";
import { runLabs, tempLabsHome } from "../support/run-cli.js";

describe("`labs start` with no registry named", () => {
  it("starts no registry for a lab that does not exist", async () => {
    const home = tempLabsHome();
    const run = await runLabs(home, ["start", "99", "--registry", "embedded"]);
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain("There is no lab 99");
    expect(existsSync(join(home, "registry", "registry.json"))).toBe(false);
    expect(existsSync(join(home, "registry", "server.log"))).toBe(false);
  });
});

const req = requireDocker();

describe.skipIf(skipUnless(req))(
  "`labs start` choosing a backend on a machine with Docker",
  { timeout: 180_000 },
  () => {
    const run = newTestRun();
    const home = tempLabsHome();
    // Neither LABS_REGISTRY nor --registry: labs chooses.
    const auto = (image?: string) => ({
      ...testEnv(run),
      LABS_REGISTRY: "",
      ...(image ? { LABS_REGISTRY_IMAGE: image } : {}),
    });
    const registryKind = async () =>
      JSON.parse((await runLabs(home, ["status", "--json"], auto())).stdout).registry.kind;

    beforeAll(() => assertRequirement(req));
    afterAll(async () => {
      await runLabs(home, ["stop", "--purge"], auto());
      removeTestRun(run);
    });

    it("runs its own registry when Docker has no registry image and cannot pull one", async () => {
      const started = await runLabs(home, ["start", "9"], auto("oci-labs/no-such-image:0"));
      expect(started.exitCode, started.stderr).toBe(0);
      expect(started.stdout).toMatch(/\(embedded: Docker has no registry image and cannot pull one/);
      expect(await registryKind()).toBe("embedded");
    });

    it("after a stop, restarts the registry that holds the work, though Docker could run one now", async () => {
      expect((await runLabs(home, ["stop"], auto())).exitCode).toBe(0);
      const again = await runLabs(home, ["start", "9"], auto());
      expect(again.exitCode, again.stderr).toBe(0);
      expect(again.stdout).toContain("(embedded: the backend this home used last)");
    });

    it("moves to Docker only when asked, stopping its own embedded registry on the shared port first", async () => {
      const docker = await runLabs(home, ["start", "9", "--registry", "docker"], auto());
      expect(docker.exitCode, docker.stderr).toBe(0);
      expect(docker.stdout).toContain(
        "(docker: you asked for Docker; the embedded registry stopped first, its data kept)",
      );
      expect(await registryKind()).toBe("docker");
      expect(existsSync(join(home, "registry", "registry.json"))).toBe(false);
    });

    it("moves back, and the embedded registry still holds what was seeded there", async () => {
      const back = await runLabs(home, ["start", "9", "--registry", "embedded"], auto());
      expect(back.exitCode, back.stderr).toBe(0);
      expect(back.stdout).toContain(
        "(embedded: you asked for the embedded registry; the docker registry stopped first",
      );
      // Seeded there before the move, so the start resumes: nothing the learner did there is pushed over.
      expect(back.stdout).toContain("lab 9 resumed as you left it");
      const check = await runLabs(home, ["check", "9", "--json"], auto());
      expect(check.exitCode).toBe(1);
      expect(JSON.parse(check.stdout).tasks.length).toBeGreaterThan(0);
    });
  },
);
