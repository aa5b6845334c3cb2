import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A throwaway HOME for shell steps, so they never touch the user's credentials, images or storage. */
export interface StepSandbox {
  readonly dir: string;
  readonly env: Readonly<Record<string, string>>;
  /** Where the sandbox's `labs answer` records answers: one `KEY<TAB>VALUE` line each. */
  readonly answersFile: string;
  dispose(): Promise<void>;
}

// A stand-in `labs` on the steps' PATH: only `labs answer N KEY VALUE`, recorded for grading, so a solution is
// written exactly as a learner types it.
const LABS_SHIM = `#!/bin/sh
if [ "$1" != "answer" ] || [ "$#" -lt 4 ]; then echo "in labs test only 'labs answer N KEY VALUE' is available" >&2; exit 2; fi
key="$3"; shift 3
printf '%s\t%s\n' "$key" "$*" >> "$LABS_ANSWERS_FILE"
`;

// Creates a temporary HOME with its own DOCKER_CONFIG, REGISTRY_AUTH_FILE, containers storage (vfs) and `labs answer`.
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
  // buildah and podman refuse a REGISTRY_AUTH_FILE that does not exist.
  await writeFile(join(dir, "auth.json"), "{}\n");
  await mkdir(join(dir, "bin"));
  await writeFile(join(dir, "bin", "labs"), LABS_SHIM, { mode: 0o755 });
  const answersFile = join(dir, "answers.tsv");
  return {
    dir,
    answersFile,
    env: {
      PATH: `${join(dir, "bin")}:${process.env.PATH ?? "/usr/bin:/bin"}`,
      LABS_ANSWERS_FILE: answersFile,
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
