import { afterAll, describe, expect, it } from "vitest";
import { RegistryClient } from "../../grader/registry/client.js";
import { loadLab } from "../../runner/lab-file/catalog.js";
import { assertRequirement, requireCommand, skipUnless } from "../support/requirements.js";
import { runLabs, tempLabsHome } from "../support/run-cli.js";
import { skopeoCopy } from "../support/skopeo.js";

const req = requireCommand("skopeo");

describe("a personalised lab (`--learner`) on the embedded registry", () => {
  const home = tempLabsHome();
  afterAll(async () => {
    await runLabs(home, ["stop", "--purge"]);
  });

  it.skipIf(skipUnless(req))(
    "seeds under course/<learner>/, with digests of its own, and grades there",
    { timeout: 120_000 },
    async () => {
      assertRequirement(req);
      const plain = await runLabs(home, ["start", "9", "--registry", "embedded"]);
      expect(plain.exitCode).toBe(0);
      const registry = /Registry ready at (127\.0\.0\.1:\d+)/.exec(plain.stdout)![1]!;
      const env = { LABS_COURSE_KEY: "staff-only" };
      const ada = await runLabs(home, ["start", "9", "--learner", "ada"], env);
      // Ada's tag is her choice of `release` (v1 only for the shared, unpersonalised lab).
      const { release } = (await loadLab(9, { ...process.env, ...env }, { learner: "ada", cache: false })).chosen;
      expect(ada.stdout).toContain(`${registry}/course/ada/lab09/src/app:${release}`);
      const client = new RegistryClient(`http://${registry}`);
      const shared = await client.manifest("lab09/src/app", "v1");
      const personal = await client.manifest("course/ada/lab09/src/app", release!);
      expect(personal.digest).not.toBe(shared.digest);

      expect((await runLabs(home, ["check", "9"], env)).exitCode).toBe(1);
      const copy = await skopeoCopy(
        registry,
        `course/ada/lab09/src/app:${release}`,
        `course/ada/lab09/mirror/app:${release}`,
      );
      expect(copy.exitCode, copy.stderr).toBe(0);
      const graded = JSON.parse((await runLabs(home, ["check", "9", "--json"], env)).stdout);
      expect(graded.tasks[0].status).toBe("pass");
      // Graded without the course key, the expectations are another learner's: the copy no longer matches.
      const wrongKey = JSON.parse((await runLabs(home, ["check", "9", "--json"], { LABS_COURSE_KEY: "guess" })).stdout);
      expect(wrongKey.tasks[0].status).toBe("fail");
    },
  );

  it("refuses a learner id that cannot be part of a repository name", async () => {
    const bad = await runLabs(home, ["start", "9", "--learner", "Ada Lovelace"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("cannot be part of a repository name");
  });
});
