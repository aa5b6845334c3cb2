import { afterAll, describe, expect, it } from "vitest";
import { runLabs, tempLabsHome } from "../support/run-cli.js";

describe("`labs registry gc` and `labs reset` on the embedded registry", () => {
  const home = tempLabsHome();
  afterAll(async () => {
    await runLabs(home, ["stop", "--purge"]);
  });

  it("gc --delete-untagged shows the lab-14 trap (index children go), then the registry serves again", {
    timeout: 120_000,
  }, async () => {
    expect((await runLabs(home, ["start", "9", "--registry", "embedded"])).exitCode).toBe(0);
    const dry = await runLabs(home, ["registry", "gc", "--dry-run", "--delete-untagged"]);
    expect(dry.exitCode).toBe(0);
    // The two indexes are tagged; their six children (4 images, 2 attestations) are untagged, so 2.x semantics remove them.
    expect(dry.stdout).toMatch(/Would remove \d+ blobs and 6 manifests/);
    const plain = await runLabs(home, ["registry", "gc"]);
    expect(plain.stdout).toMatch(/Removed 0 blobs and 0 manifests/);
    const status = JSON.parse((await runLabs(home, ["status", "--json"])).stdout);
    expect(status.registry.answering).toBe(true);
    expect((await runLabs(home, ["check", "9"])).exitCode).toBe(1);
  });

  it("reset backs the learner's tags up and restores the seed", { timeout: 120_000 }, async () => {
    const answer = await runLabs(home, ["answer", "9", "nothing", "x"]);
    expect(answer.exitCode).toBe(2);
    expect(answer.stderr).toContain("asks for no answers");
    const reset = await runLabs(home, ["reset", "9"]);
    expect(reset.exitCode).toBe(0);
    expect(reset.stdout).toMatch(/back to its seeded state/);
    expect(reset.stdout).toMatch(/Your work was saved first: \S+ \(2 tags/);
  });
});
