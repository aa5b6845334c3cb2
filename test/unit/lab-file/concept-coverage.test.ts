import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadLab } from "../../../runner/lab-file/catalog.js";
import { coverageTable, TUTORIAL_CONCEPTS } from "../../../runner/lab-file/concept-coverage.js";
import { CONCEPTS } from "../../../runner/lab-file/concepts.js";
import { listLabFiles } from "../../../runner/lab-file/lab-entry.js";

const docs = readFileSync(resolve(import.meta.dirname, "../../../docs/concepts.md"), "utf8");

describe("the concept coverage table", () => {
  it("in docs/concepts.md is the one the lab files' teaches: and uses: tags give", async () => {
    const labs = [];
    for (const entry of await listLabFiles()) labs.push(await loadLab(entry.number));
    expect(labs.map((l) => l.number)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(docs).toContain(coverageTable(labs));
  });

  it("names only known concept tags, and every tutorial concept is taught by some lab", async () => {
    const labs = [];
    for (const entry of await listLabFiles()) labs.push(await loadLab(entry.number));
    for (const { concept, tags } of TUTORIAL_CONCEPTS) {
      for (const tag of tags) expect(CONCEPTS, `${concept}: ${tag}`).toHaveProperty([tag]);
      expect(
        labs.some((l) => l.teaches.some((t) => tags.includes(t))),
        concept,
      ).toBe(true);
    }
  });

  it("would notice a lab that stopped teaching a concept", () => {
    const labs = [{ number: 3, teaches: ["whiteouts"], uses: [] }];
    expect(coverageTable(labs)).toContain("| ChainIDs | `chain-id` | — | — |");
  });
});
