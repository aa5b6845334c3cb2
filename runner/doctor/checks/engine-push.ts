// Can the Docker engine push to the lab registry? Pushes a one-file image to `doctor/probe` in it, then removes the
// local image and, where the registry allows, the pushed manifest and blobs.

import { randomBytes } from "node:crypto";
import { MediaType } from "../../../grader/oci/media-types.js";
import { drain, type RepositoryUrl, send } from "../../registry/probe-http.js";
import { buildTar } from "../../seed/tar.js";
import { diagnosePush, engineAllowsHttp } from "../push-failure.js";
import type { DoctorCheck, DoctorContext, DoctorResult, EngineFacts, RegistryFacts } from "../types.js";

/** The repository the probe pushes to, in the lab registry. */
export const DOCTOR_REPOSITORY = "doctor/probe";
/** The label on every local probe image, so leftovers of an interrupted run can be found and removed. */
export const PROBE_LABEL = "dev.oci-labs.doctor-probe";
const id = "engine-push";
const CLEANUP_TIMEOUT_MS = 2_000;
/** An engine that answered `docker info` gets this long to import and push, even past the run's deadline. */
const IMPORT_TIMEOUT_MS = 3_000;
const PUSH_TIMEOUT_MS = 5_000;

// Skips (info) without a running registry or engine; a failed push is a warning with the reason and the fix. A hung
// engine never gets here (`docker info` timed out), so this check may outlast the run's deadline on a slow machine.
export const enginePushCheck: DoctorCheck = {
  id,
  timeoutMs: 12_000,
  async run(ctx) {
    const facts = await ctx.registry();
    if (!facts.record || !facts.answering) {
      return {
        id,
        status: "info",
        summary: "Engine push not tried: no lab registry is running (`labs start N` starts one).",
      };
    }
    const engine = await ctx.engine();
    if (!engine.cli || !engine.reachable) {
      const why = engine.cli ? "the Docker engine does not answer" : "the `docker` command is not installed";
      return { id, status: "info", summary: `Engine push not tried: ${why}.` };
    }
    const ref = `${facts.record.hostPort}/${DOCTOR_REPOSITORY}:engine-${randomBytes(6).toString("hex")}`;
    try {
      return await pushProbe(ctx, facts, engine, ref);
    } finally {
      await removeLocal(ctx, ref);
    }
  },
};

async function pushProbe(
  ctx: DoctorContext,
  facts: RegistryFacts,
  engine: EngineFacts,
  ref: string,
): Promise<DoctorResult> {
  const hostPort = facts.hostPort;
  const allows = `The engine ${engineAllowsHttp(hostPort, engine) ? "allows" : "does not allow"} plain HTTP to ${hostPort}.`;
  const tar = buildTar([{ type: "file", path: "doctor.txt", content: `labs doctor probe ${ref}\n` }]);
  const imported = await ctx.deps.run("docker", ["import", "--change", `LABEL ${PROBE_LABEL}=1`, "-", ref], {
    input: tar,
    timeoutMs: IMPORT_TIMEOUT_MS,
  });
  if (imported.exitCode !== 0) {
    return {
      id,
      status: "warn",
      summary: "The Docker engine could not create the probe image (`docker import`).",
      detail: imported.timedOut
        ? "`docker import` timed out; if the engine still creates the probe image, the next `labs doctor` removes it."
        : imported.stderr.trim(),
      fix: "Check the engine with `docker info` (disk space, storage driver), then run `labs doctor` again.",
    };
  }
  const push = await ctx.deps.run("docker", ["push", ref], { timeoutMs: PUSH_TIMEOUT_MS });
  if (push.exitCode !== 0) {
    const diagnosis = diagnosePush(push, hostPort, engine);
    return { id, status: "warn", ...diagnosis, detail: `${allows}\n${lastLines(push.stderr || push.stdout)}`.trim() };
  }
  const digest = /digest: (sha256:[0-9a-f]{64})/.exec(push.stdout)?.[1];
  const tag = `\`${ref.slice(hostPort.length + 1)}\``;
  let remote = `The tag ${tag} remains in the lab registry (\`docker push\` printed no digest to delete it by).`;
  if (digest && (await deleteRemote(facts.record?.url ?? "", digest))) {
    remote = `The pushed ${DOCTOR_REPOSITORY}@${digest} was deleted again.`;
  } else if (digest) remote = `The tag ${tag} remains in the lab registry (it refused to delete ${digest}).`;
  return {
    id,
    status: "ok",
    summary: `The Docker engine pushes to the lab registry at ${hostPort}.`,
    detail: `${allows} ${remote} The local probe image was removed.`,
  };
}

// Removes this run's image, and probe images older than a minute: an import killed on timeout may still have
// created one after its `docker rmi`. Runs outside the run's deadline: nothing may stay behind.
async function removeLocal(ctx: DoctorContext, ref: string): Promise<void> {
  await ctx.deps.run("docker", ["rmi", ref], { timeoutMs: CLEANUP_TIMEOUT_MS });
  const filters = ["--filter", `label=${PROBE_LABEL}`, "--filter", "until=1m"];
  await ctx.deps.run("docker", ["image", "prune", "--all", "--force", ...filters], { timeoutMs: CLEANUP_TIMEOUT_MS });
}

// Deletes the manifest by digest, then its blobs; true when the manifest went (false on any failure).
async function deleteRemote(url: string, digest: string): Promise<boolean> {
  try {
    return await deleteManifestAndBlobs(url, digest);
  } catch {
    return false;
  }
}

async function deleteManifestAndBlobs(url: string, digest: string): Promise<boolean> {
  const repo: RepositoryUrl = { base: url.replace(/\/+$/, ""), repository: DOCTOR_REPOSITORY };
  const accept = [MediaType.dockerManifest, MediaType.ociManifest].join(", ");
  const blobs = await manifestBlobs(repo, digest, accept);
  const response = await send(repo, "DELETE", `manifests/${digest}`);
  await drain(response);
  if (response.status !== 202) return false;
  for (const blob of blobs) await drain(await send(repo, "DELETE", `blobs/${blob}`));
  return true;
}

async function manifestBlobs(repo: RepositoryUrl, digest: string, accept: string): Promise<string[]> {
  const response = await send(repo, "GET", `manifests/${digest}`, { headers: { accept } });
  if (response.status !== 200) return drain(response).then(() => []);
  const body = (await response.json().catch(() => ({}))) as {
    config?: { digest?: string };
    layers?: { digest?: string }[];
  };
  return [body.config?.digest, ...(body.layers ?? []).map((l) => l.digest)].filter(
    (d): d is string => typeof d === "string",
  );
}

function lastLines(text: string): string {
  return text.trim().split("\n").slice(-3).join("\n");
}
