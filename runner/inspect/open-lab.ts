import { labsHome } from "../home.js";
import { type OpenRegistry, openRegistry } from "../registry/open.js";
import { type LabsState, readState } from "../state/state.js";

/** The running lab registry and the state that recorded it. */
export interface LabRegistry extends OpenRegistry {
  readonly state: LabsState;
}

// Opens the lab registry recorded in the labs home (read-only client); a clear error when none answers.
export async function openLabRegistry(env: NodeJS.ProcessEnv): Promise<LabRegistry> {
  const state = await readState(labsHome(env).stateFile);
  const registry = await openRegistry(state, state.current ?? 1);
  return { ...registry, state };
}
