import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A throwaway HOME for shell steps, so they never touch the user's credentials, images or storage. */
export interface StepSandbox {
  readonly dir: string;
  readonly env: Readonly<Record<string, string>>;
  dispose(): Promise<void>;
}

// Creates a temporary HOME with its own DOCKER_CONFIG, REGISTRY_AUTH_FILE and containers storage (vfs).
export async function createSandbox(): Promise<StepSandbox> {
  const dir = await mkdtemp(join(tmpdir(), "labs-steps-"));
  const storage = join(dir, "containers");
  await mkdir(join(dir, ".docker"), { recursive: true });
  await mkdir(join(dir, ".config", "containers"), { recursive: true });
  const storageConf = join(dir, ".config", "containers", "storage.conf");
  await writeFile(
    storageConf,
    `[storage]\ndriver = "vfs"\nrunroot = "${join(storage, "run")}"\ngraphroot = "${join(storage, "graph")}"\n`,
  );
  await writeFile(join(dir, ".docker", "config.json"), "{}\n");
  return {
    dir,
    env: {
      HOME: dir,
      DOCKER_CONFIG: join(dir, ".docker"),
      REGISTRY_AUTH_FILE: join(dir, "auth.json"),
      CONTAINERS_STORAGE_CONF: storageConf,
      XDG_CONFIG_HOME: join(dir, ".config"),
      XDG_RUNTIME_DIR: join(dir, "run"),
      TMPDIR: dir,
    },
    // containers storage may leave read-only files behind: force removal.
    dispose: () => rm(dir, { recursive: true, force: true, maxRetries: 3 }),
  };
}
