// The real machine behind DoctorDeps: files, statfs, commands, lab files, the engine socket, ports.

import { constants } from "node:fs";
import { access, readdir, readFile, statfs } from "node:fs/promises";
import type { LabDefinition } from "../../grader/lab/types.js";
import { labsHome } from "../home.js";
import { loadLab } from "../lab-file/catalog.js";
import { listLabFiles } from "../lab-file/lab-entry.js";
import { chooseFreePort, isPortFree } from "../registry/port.js";
import { commandRunner } from "./exec.js";
import type { DoctorDeps } from "./types.js";

/** How long the engine socket check may take when the `docker` command is missing. */
const SOCKET_CHECK_MS = 1_500;

// Dependencies reading this machine, for a run that must end `budgetMs` from now.
export function machineDoctorDeps(env: NodeJS.ProcessEnv, budgetMs: number): DoctorDeps {
  return {
    env,
    home: labsHome(env),
    nodeVersion: process.versions.node,
    run: commandRunner(env),
    statfs: async (path) => {
      const s = await statfs(path);
      return { bavail: Number(s.bavail), bsize: Number(s.bsize) };
    },
    isWritable: (path) =>
      access(path, constants.W_OK).then(
        () => true,
        () => false,
      ),
    readText: (path) => readFile(path, "utf8").catch(() => undefined),
    listDir: (path) => readdir(path).catch(() => []),
    loadLabs: () => loadLabs(env),
    engineAnswers: async () => (await import("../registry/docker/engine.js")).isDockerAvailable(SOCKET_CHECK_MS),
    isPortFree,
    choosePort: chooseFreePort,
    deadline: Date.now() + budgetMs,
  };
}

// Every lab file that loads; a broken one is `labs validate`'s business, not the doctor's.
async function loadLabs(env: NodeJS.ProcessEnv): Promise<LabDefinition[]> {
  const entries = await listLabFiles(env);
  const loaded = await Promise.all(entries.map((entry) => loadLab(entry.number, env).catch(() => undefined)));
  return loaded.filter((lab): lab is LabDefinition => lab !== undefined);
}
