// podman, skopeo and buildah (containers/image): whether registries.conf marks the lab registry insecure (plain
// HTTP). The lab steps pass `--tls-verify=false`, so this only matters for commands typed without it.

import { homedir } from "node:os";
import { join } from "node:path";
import { isMarkedInsecure, parseRegistriesConf, type RegistriesConf, registriesConfPaths } from "../registries-conf.js";
import type { DoctorCheck, DoctorDeps } from "../types.js";

const id = "containers-insecure";

// Reads the registries.conf files containers/image would read and looks for the lab registry's address.
export const containersInsecureCheck: DoctorCheck = {
  id,
  async run(ctx) {
    const facts = await ctx.registry();
    if (facts.record && new URL(facts.record.url).protocol === "https:") {
      return {
        id,
        status: "ok",
        summary: `The lab registry ${facts.hostPort} uses HTTPS; no insecure setting is needed.`,
      };
    }
    const home = ctx.deps.env.HOME || homedir();
    const { read, files } = await readConfFiles(ctx.deps, home);
    const where = read.length > 0 ? read.join(", ") : "no registries.conf file";
    if (isMarkedInsecure(facts.hostPort, files)) {
      return {
        id,
        status: "ok",
        summary: `registries.conf marks ${facts.hostPort} insecure: podman, skopeo and buildah reach it over HTTP without \`--tls-verify=false\`.`,
        detail: `Read: ${where}.`,
      };
    }
    const dropIn = join(home, ".config/containers/registries.conf.d/50-oci-labs.conf");
    return {
      id,
      status: "info",
      summary: `registries.conf does not mark ${facts.hostPort} insecure; the lab steps pass \`--tls-verify=false\` to podman, skopeo and buildah, and so must commands you type.`,
      detail: `Read: ${where}.`,
      fix: `To drop the flag, put this in ${dropIn}:\n[[registry]]\nlocation = "${facts.hostPort}"\ninsecure = true`,
    };
  },
};

async function readConfFiles(deps: DoctorDeps, home: string): Promise<{ read: string[]; files: RegistriesConf[] }> {
  const userFile = await deps.readText(join(home, ".config/containers/registries.conf"));
  const paths = registriesConfPaths(deps.env, home, userFile !== undefined);
  const candidates = [paths.main];
  for (const dir of paths.dropInDirs) {
    const names = (await deps.listDir(dir)).filter((n) => n.endsWith(".conf")).sort();
    candidates.push(...names.map((n) => join(dir, n)));
  }
  const read: string[] = [];
  const files: RegistriesConf[] = [];
  for (const path of candidates) {
    const text = await deps.readText(path);
    if (text === undefined) continue;
    read.push(path);
    files.push(parseRegistriesConf(text));
  }
  return { read, files };
}
