import { describe, expect, it } from "vitest";
import { CHECK_KIND_NAMES, loadCheckKinds } from "../../../grader/checks/catalog.js";
import { CHECKS } from "../../../grader/checks/index.js";

describe("the lazy check-kind catalog", () => {
  it("names exactly the registered kinds", () => {
    expect([...CHECK_KIND_NAMES].sort()).toEqual([...CHECKS.keys()].sort());
  });

  it("loads each kind as the one registered under its name, and skips unknown names", async () => {
    const loaded = await loadCheckKinds([...CHECK_KIND_NAMES, "no-such-kind"]);
    expect(loaded.size).toBe(CHECKS.size);
    for (const [name, kind] of loaded) expect(kind).toBe(CHECKS.get(name));
  });
});
