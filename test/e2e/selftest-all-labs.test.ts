import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { assertRequirement, requireAll, requireCommand, requireDocker, skipUnless } from "../support/requirements.js";
import { runLabs, tempLabsHome } from "../support/run-cli.js";

const labsDir = resolve(import.meta.dirname, "../../labs");
const LABS = readdirSync(labsDir)
  .filter((name) => /^\d{2}-/.test(name))
  .map((name) => Number(name.slice(0, 2)));
const TOOLS = requireAll(requireCommand("skopeo"), requireCommand("jq"), requireCommand("curl"));
const BACKENDS = [
  { name: "embedded", req: TOOLS },
  { name: "docker", req: requireAll(requireDocker(), TOOLS) },
] as const;

describe.each(BACKENDS)("every lab in labs/ proves itself with `labs test` on $name", ({ name, req }) => {
  it.skipIf(skipUnless(req))(
    "fails at start, passes with its solution, catches each wrong attempt",
    { timeout: 1_200_000 },
    async () => {
      assertRequirement(req);
      expect(LABS.length).toBeGreaterThan(0);
      // Every lab runs once per value of its longest choice, so this is the suite's longest test.
      const run = await runLabs(tempLabsHome(), ["test", "--all", "--registry", name], {}, 1_150_000);
      for (const lab of LABS) {
        expect(run.stdout).toMatch(new RegExp(`pass lab ${lab} fails at start`));
        expect(run.stdout).toMatch(new RegExp(`pass lab ${lab} solution passes`));
      }
      expect(run.stdout, run.stdout).not.toMatch(/FAIL/);
      expect(run.exitCode).toBe(0);
    },
  );
});
