import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

// A DOCKER_CONFIG folder `dir/name` holding a `docker login` entry for the registry (none without a user), and
// an environment that reads only it (HOME and XDG folders point inside `dir/name` too).
export async function dockerConfigEnv(
  dir: string,
  name: string,
  registryUrl?: string,
  user?: string,
  password?: string,
): Promise<Record<string, string>> {
  const folder = join(dir, name);
  await mkdir(folder, { recursive: true });
  const auths =
    registryUrl && user
      ? { [new URL(registryUrl).host]: { auth: Buffer.from(`${user}:${password}`).toString("base64") } }
      : {};
  await writeFile(join(folder, "config.json"), JSON.stringify({ auths }));
  return {
    PATH: process.env.PATH ?? "",
    DOCKER_CONFIG: folder,
    HOME: folder,
    XDG_CONFIG_HOME: join(folder, "xdg"),
    XDG_RUNTIME_DIR: join(folder, "run"),
  };
}
