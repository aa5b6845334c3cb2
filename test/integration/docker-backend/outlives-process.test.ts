import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { startDockerRegistry } from "../../../runner/registry/docker/index.js";
import { useDockerTestHome } from "../../support/docker.js";
import { requireDocker, skipUnless } from "../../support/requirements.js";

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
    const test = useDockerTestHome(req);

    it("keeps answering after the starting node process exited, and a later start reuses it", async () => {
      const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", CHILD], {
        cwd: root,
        env: {
          ...test.env(),
          BACKEND_MODULE: resolve(root, "runner/registry/docker/index.ts"),
          CHILD_HOME: test.home(),
        },
        timeout: 90_000,
      });
      const started = JSON.parse(stdout) as { id: string; url: string; port: number };
      const response = await fetch(`${started.url}/v2/`);
      expect(response.status).toBe(200);
      const again = await startDockerRegistry({ home: test.home(), env: test.env() });
      expect(again).toMatchObject({ id: started.id, port: started.port, reused: true });
    });
  },
);
