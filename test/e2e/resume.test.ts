import { afterAll, describe, expect, it } from "vitest";
import { runLabs, tempLabsHome } from "../support/run-cli.js";

const INDEX = "application/vnd.oci.image.index.v1+json";

// The digest lab 11's `edge:v3` has now.
async function edgeDigest(registry: string): Promise<string> {
  const response = await fetch(`http://${registry}/v2/lab11/edge/manifests/v3`, {
    method: "HEAD",
    headers: { accept: INDEX },
  });
  expect(response.status).toBe(200);
  return response.headers.get("docker-content-digest")!;
}

// Pushes the learner's own version of `edge:v3`: the seeded index with an annotation added.
async function pushOwnVersion(registry: string): Promise<void> {
  const url = `http://${registry}/v2/lab11/edge/manifests/v3`;
  const index = (await (await fetch(url, { headers: { accept: INDEX } })).json()) as Record<string, unknown>;
  const body = JSON.stringify({ ...index, annotations: { "org.example.fixed-by": "learner" } });
  const put = await fetch(url, { method: "PUT", headers: { "content-type": INDEX }, body });
  expect(put.status).toBe(201);
}

describe("`labs start` on a lab started before", { timeout: 120_000 }, () => {
  const home = tempLabsHome();
  let registry = "";
  let seeded = "";
  afterAll(async () => {
    await runLabs(home, ["stop", "--purge"]);
  });

  it("seeds the first time", async () => {
    const first = await runLabs(home, ["start", "11", "--registry", "embedded"]);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/; lab seeded in \d+ ms\./);
    registry = /Registry ready at (127\.0\.0\.1:\d+)/.exec(first.stdout)![1]!;
    seeded = await edgeDigest(registry);
  });

  it("after a stop, leaves the learner's work in the registry as it was, and says how to get the seed back", async () => {
    await pushOwnVersion(registry);
    const own = await edgeDigest(registry);
    expect(own).not.toBe(seeded);
    expect((await runLabs(home, ["stop"])).exitCode).toBe(0);
    const again = await runLabs(home, ["start", "11"]);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toContain("lab 11 resumed as you left it");
    expect(again.stdout).toContain("`labs reset 11` brings the seed back");
    expect(await edgeDigest(registry)).toBe(own);
  });

  it("seeds again where the registry's data is gone", async () => {
    expect((await runLabs(home, ["stop", "--purge"])).exitCode).toBe(0);
    const fresh = await runLabs(home, ["start", "11", "--registry", "embedded"]);
    expect(fresh.exitCode, fresh.stderr).toBe(0);
    expect(fresh.stdout).toMatch(/; lab seeded in \d+ ms\./);
    expect(await edgeDigest(registry)).toBe(seeded);
  });

  it("seeds again for another learner's run of the lab (another prefix and variant)", async () => {
    const ada = await runLabs(home, ["start", "11", "--learner", "ada"]);
    expect(ada.exitCode, ada.stderr).toBe(0);
    expect(ada.stdout).toMatch(/; lab seeded in \d+ ms\./);
  });
});
