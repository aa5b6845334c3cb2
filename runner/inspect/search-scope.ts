import { isValidRepositoryName } from "../../grader/oci/reference.js";
import { LabsError, usageError } from "../errors.js";
import { loadRecordedLab } from "../lab-session.js";
import { labRepositories } from "../reset/repositories.js";
import { listCatalog } from "./catalog.js";
import type { LabRegistry } from "./open-lab.js";

// Which repositories `labs whatis` searches: the one named with --repo, else the registry's catalog, else
// the repositories of the current lab's seed and checks (under its prefix).

/** The repositories to search and where the list came from. */
export interface SearchScope {
  readonly repositories: readonly string[];
  readonly from: "repo" | "catalog" | "lab";
}

// The repositories to search in the lab registry.
export async function searchScope(lab: LabRegistry, env: NodeJS.ProcessEnv, repo?: string): Promise<SearchScope> {
  if (repo !== undefined) {
    const name = repo.startsWith(`${lab.record.hostPort}/`) ? repo.slice(lab.record.hostPort.length + 1) : repo;
    if (!isValidRepositoryName(name)) {
      throw usageError(`\`${repo}\` is not a repository name.`, "Give a repository such as `lab09/src/app`.");
    }
    return { repositories: [name], from: "repo" };
  }
  const catalog = await listCatalog(lab.client.transport).catch(() => undefined);
  if (catalog) return { repositories: catalog, from: "catalog" };
  const number = lab.state.current;
  if (number === undefined) {
    throw new LabsError(
      "NO_LAB_STARTED",
      "The lab registry does not list its repositories, and no lab is started.",
      "Name the repository with `--repo`, for example `--repo lab09/src/app`.",
    );
  }
  const prefix = lab.state.labs[String(number)]?.prefix ?? `lab${String(number).padStart(2, "0")}`;
  const names = labRepositories(await loadRecordedLab(number, lab.state, env)).map((r) => `${prefix}/${r}`);
  return { repositories: names, from: "lab" };
}
