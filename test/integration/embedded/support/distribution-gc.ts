import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";

// Debian's distribution 2.8.2 on a directory that outlives each process, so its own `garbage-collect` can run
// between two starts (test/support/distribution.ts removes its directory on stop).

export const DISTRIBUTION_BINARY = "/usr/bin/docker-registry";

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

/** A distribution root: serve it, stop it, collect its garbage. */
export interface DistributionRoot {
  readonly config: string;
  serve(): Promise<{ readonly url: string; stop(): Promise<void> }>;
  /** Runs `garbage-collect [--delete-untagged]` and returns the digests it deleted. */
  collect(deleteUntagged: boolean): Promise<string[]>;
}

// A distribution configuration over `dir` (filesystem storage, delete enabled, a fixed free port).
export async function distributionRoot(dir: string): Promise<DistributionRoot> {
  const port = await freePort();
  const config = join(dir, "config.yml");
  await mkdir(dir, { recursive: true });
  await writeFile(
    config,
    `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, "data")}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n`,
  );
  const url = `http://127.0.0.1:${port}`;
  return {
    config,
    async serve() {
      const child: ChildProcess = spawn(DISTRIBUTION_BINARY, ["serve", config], { stdio: "ignore" });
      const exited = once(child, "exit");
      for (let i = 0; i < 300; i++) {
        const up = await fetch(`${url}/v2/`).then(
          (r) => r.status === 200,
          () => false,
        );
        if (up) break;
        await sleep(20);
      }
      return {
        url,
        async stop() {
          child.kill("SIGTERM");
          await exited;
        },
      };
    },
    async collect(deleteUntagged) {
      const args = ["garbage-collect", ...(deleteUntagged ? ["--delete-untagged"] : []), config];
      const { stdout } = await promisify(execFile)(DISTRIBUTION_BINARY, args);
      return [...stdout.matchAll(/blob eligible for deletion: (sha256:[0-9a-f]{64})/g)].map((m) => m[1] as string);
    },
  };
}
