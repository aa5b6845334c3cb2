import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";

// Real container tools run against the embedded registry: an isolated containers-storage (vfs, in a temporary
// root) so nothing touches the machine's own images, and a registries.conf with no search registries.

/** Environment and flags for podman/buildah/skopeo confined to one directory. */
export interface ToolSandbox {
  readonly env: Record<string, string>;
  /** Global flags for podman (storage and runtime state under the sandbox). */
  readonly podman: readonly string[];
  /** Global flags for buildah. */
  readonly buildah: readonly string[];
}

// Prepares a tool sandbox under `dir`.
export async function toolSandbox(dir: string): Promise<ToolSandbox> {
  const root = join(dir, "storage");
  const runroot = join(dir, "run");
  await mkdir(root, { recursive: true });
  await mkdir(runroot, { recursive: true });
  const storageConf = join(dir, "storage.conf");
  await writeFile(storageConf, `[storage]\ndriver = "vfs"\ngraphroot = "${root}"\nrunroot = "${runroot}"\n`);
  const registriesConf = join(dir, "registries.conf");
  await writeFile(registriesConf, "unqualified-search-registries = []\n");
  await writeFile(join(dir, "auth.json"), '{"auths":{}}\n');
  const storage = ["--root", root, "--runroot", runroot, "--storage-driver", "vfs"];
  return {
    env: {
      CONTAINERS_STORAGE_CONF: storageConf,
      CONTAINERS_REGISTRIES_CONF: registriesConf,
      REGISTRY_AUTH_FILE: join(dir, "auth.json"),
    },
    podman: [...storage, "--events-backend", "none", "--cgroup-manager", "cgroupfs"],
    buildah: storage,
  };
}

// Runs a tool and returns its stdout; fails with stderr on a non-zero exit.
export async function run(
  command: string,
  args: readonly string[],
  env: Record<string, string> = {},
  cwd?: string,
): Promise<string> {
  const result = await execa(command, args, { env, cwd, reject: false, timeout: 120_000 });
  if (result.exitCode !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited ${result.exitCode}:\n${result.stderr}`);
  }
  return result.stdout;
}
