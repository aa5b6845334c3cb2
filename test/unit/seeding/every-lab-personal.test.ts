import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHECKS } from "../../../grader/checks/index.js";
import { loadLabText } from "../../../runner/lab-file/load.js";
import { seedFacts } from "../../../runner/seeding/plan.js";
import { learnerVariant } from "../../../runner/seeding/variant.js";
import { LABS_DIR } from "../../support/lab-fixture.js";

const folders = readdirSync(LABS_DIR).filter((name) => /^\d{2}-/.test(name));
const LEARNERS = ["ada", "bob", "cy", "dee", "eve", "fay"];

// Lab `folder` as `learner` gets it on a course with `key`: their choices, then their seed's facts.
function personal(folder: string, learner: string, key = "course-key") {
  const file = join(LABS_DIR, folder, "lab.yaml");
  const number = Number(folder.slice(0, 2));
  const variant = learnerVariant(number, learner, key);
  const loaded = loadLabText(file, readFileSync(file, "utf8"), CHECKS, { variant });
  if (!("lab" in loaded)) throw new Error(`${folder} does not load for ${learner}`);
  return { lab: loaded.lab, facts: seedFacts(loaded.lab.seed, variant) };
}

describe.each(folders)("%s, personalised", (folder) => {
  it("gives two learners no seeded manifest or config digest in common", () => {
    const ada = personal(folder, "ada");
    const bob = personal(folder, "bob");
    const digests = (facts: typeof ada.facts) =>
      new Set([...facts.values()].flatMap((f) => [f.digest, ...(f.configDigest ? [f.configDigest] : [])]));
    const bobs = digests(bob.facts);
    expect([...digests(ada.facts)].filter((d) => bobs.has(d))).toEqual([]);
  });

  it("gives learners their own names or platforms: its choices take more than one value among six learners", () => {
    const first = personal(folder, "ada").lab;
    expect(Object.keys(first.choices).length, `${folder} declares no choices`).toBeGreaterThan(0);
    for (const name of Object.keys(first.choices)) {
      const taken = new Set(
        LEARNERS.map((learner) => JSON.stringify(pickedFor(personal(folder, learner).lab.chosen, name))),
      );
      expect(taken.size, `choice ${name} of ${folder}`).toBeGreaterThan(1);
    }
  });
});

function pickedFor(chosen: Readonly<Record<string, string>>, name: string): string[] {
  return Object.entries(chosen)
    .filter(([key]) => key === name || key.startsWith(`${name}.`))
    .map(([, value]) => value);
}
