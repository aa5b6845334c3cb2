import { afterAll, describe, expect, it } from "vitest";
import { loadLab } from "../../runner/lab-file/catalog.js";
import { runLabs, tempLabsHome } from "../support/run-cli.js";

// A learner whose third platform in lab 7 is not the shared lab's (arm/v7), found among a few ids.
async function learnerWithOtherPlatform(env: NodeJS.ProcessEnv): Promise<{ learner: string; key: string }> {
  for (const learner of ["ada", "bob", "cy", "dee", "eve", "fay", "gus"]) {
    const { chosen } = await loadLab(7, env, { learner, cache: false });
    if (chosen["extra.key"] !== "armv7") return { learner, key: chosen["extra.key"]! };
  }
  throw new Error("no learner among seven gets another platform: the choice is not varying");
}

describe("a learner's choices in the commands they use (lab 7, embedded registry)", () => {
  const home = tempLabsHome();
  const env = { LABS_COURSE_KEY: "staff-only" };
  afterAll(async () => {
    await runLabs(home, ["stop", "--purge"]);
  });

  it("show the learner's platform in the task, and take answers under the learner's keys", {
    timeout: 120_000,
  }, async () => {
    const { learner, key } = await learnerWithOtherPlatform({ ...process.env, ...env });
    const started = await runLabs(home, ["start", "7", "--registry", "embedded", "--learner", learner], env);
    expect(started.exitCode, started.stderr).toBe(0);
    expect(started.stdout).toContain(`attestation_for_${key}`);
    expect(started.stdout).not.toContain("attestation_for_armv7");

    const digest = `sha256:${"0".repeat(64)}`;
    const shared = await runLabs(home, ["answer", "7", "attestation_for_armv7", digest], env);
    expect(shared.exitCode).toBe(2);
    expect(shared.stderr).toContain('has no answer "attestation_for_armv7"');
    const own = await runLabs(home, ["answer", "7", `attestation_for_${key}`, digest], env);
    expect(own.exitCode, own.stderr).toBe(0);

    const report = JSON.parse((await runLabs(home, ["check", "7", "--json"], env)).stdout);
    const check = report.tasks
      .flatMap((t: { checks: { title: string; summary: string }[] }) => t.checks)
      .find((c: { title: string }) => c.title.includes("attestation"));
    expect(check.summary).not.toMatch(/not answered/i);
  });
});
