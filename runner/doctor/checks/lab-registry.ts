// The lab registry: recorded or not, answering or not, its backend and address, and what it supports (probed now
// with the same probe `labs start` uses, and compared with what `labs start` recorded).

import type { RegistryCapabilities } from "../../registry/backend.js";
import { probeCapabilities } from "../../registry/probe.js";
import type { RegistryRecord } from "../../state/state.js";
import type { DoctorCheck, DoctorContext, DoctorResult } from "../types.js";

const id = "lab-registry";

// Reports the recorded registry; a registry that is down is a warning (`labs start` brings it back).
export const labRegistryCheck: DoctorCheck = {
  id,
  async run(ctx) {
    const facts = await ctx.registry();
    if (facts.stateError) {
      return {
        id,
        status: "warn",
        summary: "The labs state file cannot be read, so labs does not know its registry.",
        detail: facts.stateError,
        fix: `Move it aside (\`mv ${ctx.deps.home.stateFile} ${ctx.deps.home.stateFile}.bak\`) and run \`labs start N\` again.`,
      };
    }
    if (!facts.record) return notStarted(ctx, facts.hostPort);
    if (!facts.answering) return notAnswering(ctx, facts.record);
    return answering(facts.record);
  },
};

async function notStarted(ctx: DoctorContext, hostPort: string): Promise<DoctorResult> {
  const engine = await ctx.engine();
  const backend = engine.reachable ? "a distribution container in Docker" : "labs' embedded registry";
  return {
    id,
    status: "info",
    summary: `No lab registry has been started yet; \`labs start N\` will run ${backend} at ${hostPort}.`,
  };
}

async function notAnswering(ctx: DoctorContext, record: RegistryRecord): Promise<DoctorResult> {
  const summary = `The ${record.kind} lab registry recorded at ${record.hostPort} does not answer.`;
  if (record.kind === "remote") {
    return { id, status: "warn", summary, fix: `Check that ${record.url} is up and reachable from here.` };
  }
  const engine = record.kind === "docker" ? await ctx.engine() : undefined;
  const fix =
    engine && !engine.reachable
      ? "Start Docker, then `labs start N` (your work in the registry is kept); or `labs start N --registry embedded` for a fresh embedded registry."
      : "Run `labs start N`: it starts the registry again and your work in it is kept.";
  return { id, status: "warn", summary, fix };
}

async function answering(record: RegistryRecord): Promise<DoctorResult> {
  const summary = `The ${record.kind} lab registry answers at ${record.hostPort}`;
  let probed: RegistryCapabilities;
  try {
    probed = { ...(await probeCapabilities(record.url)), garbageCollection: record.kind !== "remote" };
  } catch (error) {
    return {
      id,
      status: "warn",
      summary: `${summary}, but probing what it supports failed.`,
      detail: (error as Error).message,
      fix: "Look at the registry's log (`docker logs` for the container, server.log in the labs home for the embedded one).",
    };
  }
  const changed = Object.entries(probed).filter(([name, value]) => record.capabilities[name] !== value);
  const result = { id, summary: `${summary}; ${formatCapabilities(probed)}.`, detail: `Registry URL: ${record.url}.` };
  if (changed.length === 0) return { ...result, status: "ok" };
  return {
    ...result,
    status: "warn",
    detail: `${result.detail} Recorded at start, now different: ${changed.map(([name, value]) => `${name} (now ${value ? "yes" : "no"})`).join(", ")}.`,
    fix: "Run `labs stop`, then `labs start N`, so labs records what this registry supports (your work is kept).",
  };
}

// "supports a, b; lacks c": the capability names lab files use in `requires:`.
export function formatCapabilities(capabilities: RegistryCapabilities): string {
  const entries = Object.entries(capabilities);
  const yes = entries.filter(([, v]) => v).map(([k]) => k);
  const no = entries.filter(([, v]) => !v).map(([k]) => k);
  return `supports ${yes.join(", ") || "none of the optional features"}${no.length > 0 ? `; lacks ${no.join(", ")}` : ""}`;
}
