import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDockerRegistry } from "../../../runner/registry/docker/index.js";
import { newTestRun, removeHome, removeTestRun, tempHome, testEnv } from "../../support/docker.js";
import { assertRequirement, requireDocker, skipUnless } from "../../support/requirements.js";

const req = requireDocker();
const root = resolve(import.meta.dirname, "../../..");

// A separate `node` process loads the TypeScript backend through vite's module runner, starts the registry,
// prints the endpoint and exits on its own (nothing may keep it alive).
const CHILD = `
const { runnerImport } = await import("vite");
const { module } = await runnerImport(process.env.BACKEND_MODULE, { configFile: false, logLevel: "silent" });
const endpoint = await module.startDockerRegistry({ home: process.env.CHILD_HOME });
process.stdout.write(JSON.stringify(endpoint));
`;

describe.skipIf(skipUnless(req))(
  "docker registry backend: outlives the process that started it",
  { timeout: 120_000 },
  () => {
    const run = newTestRun();
    let home: string;

    beforeAll(async () => {
      assertRequirement(req);
      home = await tempHome();
    });

    afterAll(async () => {
      removeTestRun(run);
      if (home) await removeHome(home);
    });

    it("keeps answering after the starting node process exited, and a later start reuses it", async () => {
      const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", CHILD], {
        cwd: root,
        env: { ...testEnv(run), BACKEND_MODULE: resolve(root, "runner/registry/docker/index.ts"), CHILD_HOME: home },
        timeout: 90_000,
      });
      const started = JSON.parse(stdout) as { id: string; url: string; port: number };
      const response = await fetch(`${started.url}/v2/`);
      expect(response.status).toBe(200);
      const again = await startDockerRegistry({ home, env: testEnv(run) });
      expect(again).toMatchObject({ id: started.id, port: started.port, reused: true });
    });
  },
);
