import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** Where `labs` keeps its state, registry data and workspaces for one user. */
export interface LabsHome {
  readonly root: string;
  readonly stateFile: string;
  readonly registryDir: string;
  readonly workspaceDir: string;
}

// The labs home: $LABS_HOME, else ~/.oci-labs.
export function labsHome(env: NodeJS.ProcessEnv = process.env): LabsHome {
  const root = resolve(env.LABS_HOME ?? join(homedir(), ".oci-labs"));
  return {
    root,
    stateFile: join(root, "state.json"),
    registryDir: join(root, "registry"),
    workspaceDir: join(root, "workspace"),
  };
}
