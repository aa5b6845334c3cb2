import type { LabDefinition } from "../../grader/lab/types.js";
import { parseLabNumber } from "../args.js";
import { type CredentialFlags, readFlagCredentials } from "../credentials/flags.js";
import { LabsError } from "../errors.js";
import { type LabsHome, labsHome } from "../home.js";
import { type LabSession, loadRecordedLab, recordedSession } from "../lab-session.js";
import { type OpenRegistry, openRegistry } from "../registry/open.js";
import { type LabsState, readState } from "../state/state.js";
import type { CommandContext } from "./context.js";

/** Everything a command about a started lab works with. */
export interface OpenLab {
  readonly home: LabsHome;
  readonly state: LabsState;
  readonly number: number;
  readonly lab: LabDefinition;
  readonly registry: OpenRegistry;
  readonly session: LabSession;
}

// Lab N (the current one when no number is given), its registry, answering, and its recorded session.
export async function openLab(
  positional: string | undefined,
  flags: CredentialFlags,
  ctx: CommandContext,
  usage: string,
): Promise<OpenLab> {
  const credentials = await readFlagCredentials(flags);
  const home = labsHome(ctx.env);
  const state = await readState(home.stateFile);
  const number = positional === undefined ? currentLab(state.current) : parseLabNumber(positional, usage);
  const lab = await loadRecordedLab(number, state, ctx.env);
  const registry = await openRegistry(state, number, { env: ctx.env, flags: credentials });
  return { home, state, number, lab, registry, session: await recordedSession(lab, home, state, ctx.env) };
}

// The lab to work on when none is named: the current one, else a learner-facing error.
export function currentLab(current: number | undefined): number {
  if (current === undefined)
    throw new LabsError("NO_LAB_STARTED", "No lab has been started yet.", "Run `labs list`, then `labs start N`.");
  return current;
}
