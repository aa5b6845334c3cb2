import { afterAll, describe, expect, it } from "vitest";
import { assertRequirement, requireCommand, skipUnless } from "../support/requirements.js";
import { runLabs, tempLabsHome } from "../support/run-cli.js";
import { skopeoCopy } from "../support/skopeo.js";

const req = requireCommand("skopeo");

describe("labs solution", () => {
  const home = tempLabsHome();
  afterAll(async () => {
    await runLabs(home, ["stop", "--purge"]);
  });

  it.skipIf(skipUnless(req))(
    "stays locked until the lab passes, then shows the steps with this lab's values",
    {
      timeout: 120_000,
    },
    async () => {
      assertRequirement(req);
      const started = await runLabs(home, ["start", "9", "--registry", "embedded"]);
      const registry = /Registry ready at (127\.0\.0\.1:\d+)/.exec(started.stdout)![1]!;
      const locked = await runLabs(home, ["solution", "9"]);
      expect(locked.exitCode).toBe(3);
      expect(locked.stderr).toContain("opens once you pass it");
      expect(locked.stdout).not.toContain("skopeo copy");
      for (const tag of ["v1", "v1-legacy"]) {
        const copy = await skopeoCopy(registry, `lab09/src/app:${tag}`, `lab09/mirror/app:${tag}`);
        expect(copy.exitCode, copy.stderr).toBe(0);
      }
      expect((await runLabs(home, ["check", "9"])).exitCode).toBe(0);
      const open = await runLabs(home, ["solution", "9"]);
      expect(open.exitCode).toBe(0);
      expect(open.stdout).toContain(`export REGISTRY=${registry}`);
      expect(open.stdout).toContain("skopeo copy");
      const status = JSON.parse((await runLabs(home, ["status", "--json"])).stdout);
      expect(JSON.stringify(status)).toContain("solutionShownAt");
    },
  );
});
