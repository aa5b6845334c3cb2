import { type Digest, isDigest } from "../../grader/oci/digest.js";
import type { Descriptor } from "../../grader/oci/types.js";
import type { ObjectSource } from "../../grader/registry/source.js";
import { ABSENT, FAILED, isNotFound, listValue, type Observation, PRESENT, type Probe, probeKey } from "./probes.js";

/** An ObjectSource that notes, for each changeable fact it was asked about, the value the grader saw. */
export interface RecordingSource extends ObjectSource {
  /** What was observed, first observation of each probe only. */
  observations(): readonly Observation[];
}

// Wraps `source` for one grading run; the observations are the baseline the poller compares against.
export function recordingSource(source: ObjectSource): RecordingSource {
  const seen = new Map<string, Observation>();
  const note = (probe: Probe, value: string): void => {
    const key = probeKey(probe);
    if (!seen.has(key)) seen.set(key, { probe, value });
  };
  const manifestProbe = (repository: string, reference: string): Probe =>
    isDigest(reference) ? { kind: "manifest", repository, reference } : { kind: "tag", repository, tag: reference };
  const missing = (error: unknown): string => (isNotFound(error) ? ABSENT : FAILED);

  return {
    observations: () => [...seen.values()],
    async manifest(repository, reference) {
      try {
        const fetched = await source.manifest(repository, reference);
        if (!isDigest(reference)) note({ kind: "tag", repository, tag: reference }, fetched.digest);
        return fetched;
      } catch (error) {
        note(manifestProbe(repository, reference), missing(error));
        throw error;
      }
    },
    async manifestExists(repository, reference) {
      const exists = await watched(
        { kind: "manifest", repository, reference },
        source.manifestExists(repository, reference),
      );
      note({ kind: "manifest", repository, reference }, exists ? PRESENT : ABSENT);
      return exists;
    },
    async blob(repository, descriptor, maxBytes) {
      return watched(blobProbe(repository, descriptor.digest), source.blob(repository, descriptor, maxBytes));
    },
    blobStream(repository, descriptor) {
      return streamWatched(source.blobStream(repository, descriptor), (error) =>
        note(blobProbe(repository, descriptor.digest), missing(error)),
      );
    },
    async blobExists(repository, digest) {
      const exists = await watched(blobProbe(repository, digest), source.blobExists(repository, digest));
      note(blobProbe(repository, digest), exists ? PRESENT : ABSENT);
      return exists;
    },
    async tags(repository) {
      const tags = await watched({ kind: "tags", repository }, source.tags(repository));
      note({ kind: "tags", repository }, listValue(tags));
      return tags;
    },
    async referrers(repository, subject, artifactType) {
      const probe: Probe = { kind: "referrers", repository, subject, artifactType };
      const found = await watched(probe, source.referrers(repository, subject, artifactType));
      note(probe, referrersValue(found));
      return found;
    },
  };

  // Notes a failed read of a probe (absent on 404, error otherwise) and passes the outcome on.
  async function watched<T>(probe: Probe, pending: Promise<T>): Promise<T> {
    try {
      return await pending;
    } catch (error) {
      note(probe, missing(error));
      throw error;
    }
  }
}

// The value a referrers list is compared by: its descriptors' digests.
export function referrersValue(found: readonly Descriptor[]): string {
  return listValue(found.map((d) => d.digest));
}

function blobProbe(repository: string, digest: Digest): Probe {
  return { kind: "blob", repository, digest };
}

async function* streamWatched(
  stream: AsyncIterable<Uint8Array>,
  onError: (error: unknown) => void,
): AsyncIterable<Uint8Array> {
  try {
    yield* stream;
  } catch (error) {
    onError(error);
    throw error;
  }
}
