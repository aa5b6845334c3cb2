import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadLab } from "../../../runner/lab-file/catalog.js";
import { cachedSeedFacts } from "../../../runner/seeding/facts-cache.js";
import { seedFacts } from "../../../runner/seeding/plan.js";

const labs = resolve(import.meta.dirname, "../../../labs");

function sandbox() {
  const dir = mkdtempSync(join(tmpdir(), "labs-cache-"));
  cpSync(join(labs, "09-mirror-preserving-digest"), join(dir, "labs", "09-mirror-preserving-digest"), {
    recursive: true,
  });
  return { env: { LABS_HOME: join(dir, "home"), LABS_DIR: join(dir, "labs") }, dir };
}

describe("the caches that make repeated commands fast", () => {
  it("serve a loaded lab until its file changes, then load the new file", async () => {
    const { env, dir } = sandbox();
    const first = await loadLab(9, env);
    expect(readdirSync(join(dir, "home", "cache")).filter((f) => f.startsWith("lab-"))).toHaveLength(1);
    expect(await loadLab(9, env)).toEqual(first);
    const file = join(dir, "labs", "09-mirror-preserving-digest", "lab.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("minutes: 20", "minutes: 25"));
    expect((await loadLab(9, env)).minutes).toBe(25);
    expect((await loadLab(9, env, { cache: false })).minutes).toBe(25);
  });

  it("give the facts the seed gives, per variant, and rebuild a damaged entry", async () => {
    const { env, dir } = sandbox();
    const lab = await loadLab(9, env);
    const cache = join(dir, "home", "cache");
    const built = await cachedSeedFacts(lab.seed, "ada", cache);
    expect([...built]).toEqual([...seedFacts(lab.seed, "ada")]);
    expect([...(await cachedSeedFacts(lab.seed, "ada", cache))]).toEqual([...built]);
    expect((await cachedSeedFacts(lab.seed, "bob", cache)).get("app_v1")?.digest).not.toBe(built.get("app_v1")?.digest);
    for (const f of readdirSync(cache).filter((n) => n.startsWith("facts-"))) writeFileSync(join(cache, f), "{broken");
    expect([...(await cachedSeedFacts(lab.seed, "ada", cache))]).toEqual([...built]);
  });
});
