import type { Digest } from "../../grader/oci/digest.js";
import type { ObjectSource } from "../../grader/registry/source.js";
import { ABSENT, FAILED, isNotFound, listValue, type Observation, PRESENT, type Probe, probeKey } from "./probes.js";
import { referrersValue } from "./recording-source.js";

/** What probing needs: cheap HEADs and lists (RegistryClient has all of it). */
export interface ProbeSource extends Pick<ObjectSource, "manifest" | "blobExists" | "tags" | "referrers"> {
  /** HEAD on a manifest: its reported digest, or undefined on 404. */
  headManifest(repository: string, reference: string): Promise<{ readonly reportedDigest?: string } | undefined>;
}

// The fingerprint of a set of observations: one sorted `probe=value` line each, comparable as a string.
export function fingerprint(observations: readonly Observation[]): string {
  return observations
    .map((o) => `${probeKey(o.probe)}=${o.value}`)
    .sort()
    .join("\n");
}

// The same probes' values now, as a fingerprint: HEADs for tags and presence, lists for tags and referrers.
// No graph is walked; one probe failing (the registry restarting) reads as `error`, itself a change.
export async function takeFingerprint(source: ProbeSource, probes: readonly Probe[]): Promise<string> {
  const values = await Promise.all(
    probes.map(async (probe) => ({ probe, value: await probeValue(source, probe).catch(failure) })),
  );
  return fingerprint(values);
}

async function probeValue(source: ProbeSource, probe: Probe): Promise<string> {
  switch (probe.kind) {
    case "tag": {
      const head = await source.headManifest(probe.repository, probe.tag);
      if (!head) return ABSENT;
      // A registry that does not report the digest on HEAD: read the manifest (still no walk).
      return head.reportedDigest ?? (await source.manifest(probe.repository, probe.tag)).digest;
    }
    case "manifest":
      return (await source.headManifest(probe.repository, probe.reference)) ? PRESENT : ABSENT;
    case "blob":
      return (await source.blobExists(probe.repository, probe.digest as Digest)) ? PRESENT : ABSENT;
    case "tags":
      return listValue(await source.tags(probe.repository));
    default:
      return referrersValue(await source.referrers(probe.repository, probe.subject as Digest, probe.artifactType));
  }
}

function failure(error: unknown): string {
  return isNotFound(error) ? ABSENT : FAILED;
}
