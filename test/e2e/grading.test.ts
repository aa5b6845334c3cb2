import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { loadLab } from "../../runner/lab-file/catalog.js";
import { assertRequirement, requireCommand, skipUnless } from "../support/requirements.js";
import { runLabs, tempLabsHome } from "../support/run-cli.js";
import { skopeoCopy } from "../support/skopeo.js";

// Course staff's side, as they would run it: two learners work lab 9 on one course registry (ada right, bob
// without --all), submit bundles and push them, then staff grade the bundles and the registry namespaces.

const req = requireCommand("skopeo");
const env = { LABS_COURSE_KEY: "course-secret" };

// Copies a learner's two source tags (their choices of `release` and `legacy`) to the mirror.
async function mirror(registry: string, learner: string, all: boolean) {
  const { chosen } = await loadLab(9, { ...process.env, ...env }, { learner, cache: false });
  const prefix = `course/${learner}/lab09`;
  for (const tag of [chosen.release!, chosen.legacy!]) {
    const copy = await skopeoCopy(registry, `${prefix}/src/app:${tag}`, `${prefix}/mirror/app:${tag}`, all);
    expect(copy.exitCode, copy.stderr).toBe(0);
  }
}

describe("labs submit and labs grade", () => {
  const staff = tempLabsHome();
  const ada = tempLabsHome();
  const bob = tempLabsHome();
  afterAll(async () => {
    await runLabs(staff, ["stop", "--purge"]);
  });

  it.skipIf(skipUnless(req))(
    "grade bundles (content proven, state claimed) and a course registry (state read), reproducibly",
    { timeout: 180_000 },
    async () => {
      assertRequirement(req);
      const started = await runLabs(staff, ["start", "9", "--registry", "embedded"], env);
      expect(started.exitCode, started.stderr).toBe(0);
      const registry = /Registry ready at (127\.0\.0\.1:\d+)/.exec(started.stdout)![1]!;
      const url = `http://${registry}`;
      for (const [home, learner] of [
        [ada, "ada"],
        [bob, "bob"],
      ] as const) {
        const start = await runLabs(home, ["start", "9", "--registry", url, "--learner", learner], env);
        expect(start.exitCode, start.stderr).toBe(0);
        await mirror(registry, learner, learner === "ada");
        const submit = await runLabs(home, ["submit", "9", "-o", join(home, `${learner}.bundle`), "--to", url], env);
        expect(submit.exitCode, submit.stderr).toBe(0);
        expect(submit.stdout).toMatch(/Bundle digest: sha256:[0-9a-f]{64}/);
        expect(submit.stdout).toContain(`course/${learner}/lab09/submission:latest`);
      }
      const tampered = join(staff, "tampered.bundle");
      const bytes = readFileSync(join(ada, "ada.bundle"));
      // The last byte of the last member's content (before the tar's zero padding), whatever the learner's sizes.
      let at = bytes.length - 1;
      while (at > 0 && bytes[at] === 0) at--;
      bytes[at] = (bytes[at] ?? 0) ^ 0xff;
      writeFileSync(tampered, bytes);

      const bundles = [join(ada, "ada.bundle"), join(bob, "bob.bundle"), tampered];
      const graded = await runLabs(staff, ["grade", "--lab", "9", ...bundles, "--format", "json"], env);
      expect(graded.exitCode).toBe(3);
      const run = JSON.parse(graded.stdout);
      const [adaResult, bobResult, bad] = run.results;
      expect(run.lab.version).toMatch(/^sha256:/);
      expect(adaResult.learner).toBe("ada");
      expect(adaResult.report.evidence.kind).toBe("bundle");
      const statusOf = (r: { report: { tasks: { id: string; status: string }[] } }) =>
        Object.fromEntries(r.report.tasks.map((t) => [t.id, t.status]));
      expect(statusOf(adaResult)).toEqual({
        "mirror-v1": "pass",
        "mirror-legacy": "pass",
        "source-intact": "ungradable",
      });
      expect(statusOf(bobResult)["mirror-v1"]).toBe("fail");
      expect(bad.error).toMatch(/cannot be graded/);

      const csv = await runLabs(staff, ["grade", "--lab", "9", ...bundles.slice(0, 2), "--format", "csv"], env);
      const rows = csv.stdout.trim().split("\r\n");
      expect(rows[0]).toMatch(/^learner,status,earned,points/);
      expect(rows.slice(1).map((r) => r.split(",")[0])).toEqual(["ada", "bob"]);
      const folder = join(staff, "gradescope");
      const perLearner = ["grade", "--lab", "9", ...bundles.slice(0, 2), "--format", "gradescope", "-o", folder];
      expect((await runLabs(staff, perLearner, env)).exitCode).toBe(0);
      const adaScore = JSON.parse(readFileSync(join(folder, "ada", "results.json"), "utf8")).score;
      expect(adaScore).toBe(adaResult.report.earned);

      writeFileSync(join(staff, "roster.csv"), "learner,name\nada,Ada\nbob,Bob\ncarol,Carol\n");
      const args = [
        "grade",
        "--lab",
        "9",
        "--registry",
        url,
        "--learners",
        join(staff, "roster.csv"),
        "--format",
        "json",
      ];
      const fromRegistry = JSON.parse((await runLabs(staff, args, env)).stdout);
      const byLearner = Object.fromEntries(fromRegistry.results.map((r: { learner: string }) => [r.learner, r]));
      expect(statusOf(byLearner.ada)).toEqual({
        "mirror-v1": "pass",
        "mirror-legacy": "pass",
        "source-intact": "pass",
      });
      expect(byLearner.ada.report.evidence.kind).toBe("registry");
      expect(byLearner.ada.progress.attempts).toBe(0);
      expect(statusOf(byLearner.bob)["mirror-v1"]).toBe("fail");
      expect(statusOf(byLearner.carol)["mirror-v1"]).toBe("fail");

      const again = JSON.parse((await runLabs(staff, args, env)).stdout);
      const strip = (r: { results: { report?: { gradedAt: string; durationMs: number } }[] }) =>
        r.results.map((x) => ({ ...x, report: x.report && { ...x.report, gradedAt: "", durationMs: 0 } }));
      expect(strip(again)).toEqual(strip(fromRegistry));
    },
  );

  const unzip = requireCommand("unzip", ["-v"]);
  it.skipIf(skipUnless(unzip))(
    "packages a Gradescope autograder that unzips and runs this labs version",
    {
      timeout: 120_000,
    },
    async () => {
      assertRequirement(unzip);
      const zip = join(staff, "autograder.zip");
      const packed = await runLabs(staff, ["grade", "--lab", "9", "--package", "gradescope", "-o", zip], env);
      expect(packed.exitCode, packed.stderr).toBe(0);
      const test = await execa("unzip", ["-t", zip], { reject: false });
      expect(test.exitCode, test.stdout).toBe(0);
      const script = await execa("unzip", ["-p", zip, "run_autograder"]);
      expect(script.stdout).toContain("--lab 9");
      expect(script.stdout).toContain("export LABS_COURSE_KEY='course-secret'");
    },
  );

  it("refuses a roster without a learner column, at its line and column", async () => {
    writeFileSync(join(staff, "bad.csv"), "name\nAda\n");
    const bad = await runLabs(staff, [
      "grade",
      "--lab",
      "9",
      "--registry",
      "http://127.0.0.1:1",
      "--learners",
      join(staff, "bad.csv"),
    ]);
    expect(bad.exitCode).toBe(3);
    expect(bad.stderr).toContain("bad.csv:1:1");
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
