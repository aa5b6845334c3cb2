import { RegistryClient } from "../../grader/registry/client.js";
import { pingRegistry } from "../../grader/registry/ping.js";
import { type RegistryAuthOptions, registryAuth } from "../credentials/registry-auth.js";
import { LabsError } from "../errors.js";
import type { LabsState, RegistryRecord } from "../state/state.js";

/** The registry a labs home recorded, answering, with a read-only client. */
export interface OpenRegistry {
  readonly record: RegistryRecord;
  readonly client: RegistryClient;
}

// Opens the recorded registry for reading (no Docker or process libraries: `check` stays fast); credentials are
// looked up only when the registry asks for them.
export async function openRegistry(
  state: LabsState,
  labNumber: number,
  authOptions: RegistryAuthOptions = {},
): Promise<OpenRegistry> {
  const record = state.registry;
  if (!record) {
    throw new LabsError("NO_LAB_STARTED", "No lab registry has been started yet.", `Run \`labs start ${labNumber}\`.`);
  }
  const auth = registryAuth(record.url, authOptions);
  try {
    const ping = await pingRegistry(record.url, { timeoutMs: 3_000, auth });
    if (!ping.ok) throw new Error(`GET /v2/ answered ${ping.status}`);
  } catch (error) {
    if (error instanceof LabsError) throw error;
    throw new LabsError(
      "REGISTRY_UNREACHABLE",
      `The lab registry at ${record.hostPort} (${record.kind}) is not answering: ${(error as Error).message}.`,
      `Run \`labs start ${labNumber}\` to start it again; your work in it is kept.`,
      { cause: error },
    );
  }
  return { record, client: new RegistryClient(record.url, { timeoutMs: 10_000, auth }) };
}
